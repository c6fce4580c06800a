import Foundation
import GatewayCore
import GatewayDaemon
import GatewayStore

/// `gerbang cases`: the cases in the database.
enum CasesCommand: Command {
    struct Row: Encodable {
        let id: String
        let sop: String
        let reference: String?
        let status: String
        let activeStep: Int?
        let deadline: String?
        let deadlinePassed: Bool
        let outcome: Outcome?
        let openedAt: String
        let updatedAt: String
    }

    static let name = "cases"
    static let summary = "list cases, newest first"
    static let flags: Set<String> = ["--json", "--breached"]
    static let options: Set<String> = ["--db", "--sop", "--status", "--step", "--config", "--limit", "--after"]
    static let help = """
        usage: gerbang cases [--sop ID] [--status active|frozen|ended] [--step N] [--breached] [--limit N] [--after ID]
                             [--json] [--db FILE]

        Lists cases, newest first, with the step each waits at, its deadline, or its outcome.
          --sop ID       only cases of this SOP (one of config/sop, or of a case in the database)
          --status S     only active, frozen (OSS froze the NIB) or ended cases
          --step N       only cases waiting at step N
          --breached     only cases whose active step passed its time standard
        \(Common.listingHelp)
        \(Common.jsonHelp)
        \(Common.databaseHelp)

        example: gerbang cases --status active --db /tmp/gerbang-demo/gerbang.sqlite
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        var status: CaseSummary.Status?
        if let text = arguments.option("--status") {
            guard let parsed = CaseSummary.Status(rawValue: text) else {
                throw UsageError(command: name, message: "--status is 'active', 'frozen' or 'ended', not '\(text)'")
            }
            status = parsed
        }
        let database = try GatewayDatabase.openForReading(path: Common.databasePath(arguments))
        var step: Int?
        if let text = arguments.option("--step") {
            guard let number = Int(text), number > 0 else { throw UsageError(command: name, message: "--step is a step number, not '\(text)'") }
            step = number
        }
        let sops = Set(((try? Common.config(arguments).loadDefinitions()) ?? []).map(\.id)).union(try database.cases.processIDs())
        try Common.check(arguments.option("--sop"), option: "--sop", among: sops, command: name)
        if let after = arguments.option("--after"), try database.cases.load(after) == nil {
            throw UsageError(command: name, message: "--after '\(after)' is no case in the database: give the id a cut listing named")
        }
        let page = try database.cases.page(processID: arguments.option("--sop"), status: status, step: step,
                                           breached: arguments.has("--breached") ? true : nil,
                                           limit: try Common.limit(arguments, command: name), after: arguments.option("--after"))
        let cases = page.items
        let zone = Common.zone(arguments)
        let rows = cases.map { summary in
            Row(id: summary.id, sop: summary.processID, reference: summary.reference, status: summary.status.rawValue,
                activeStep: summary.activeStep, deadline: summary.deadline.map { TimeText.iso($0, in: zone) },
                deadlinePassed: summary.deadlinePassed, outcome: summary.outcome,
                openedAt: TimeText.iso(summary.openedAt, in: zone), updatedAt: TimeText.iso(summary.updatedAt, in: zone))
        }
        if arguments.has("--json") {
            try console.json(rows)
            Common.tell(page.note(), json: true, console: console)
            return 0
        }
        let table = cases.map { summary -> [String] in
            let state = summary.activeStep.map { "at step \($0)" } ?? "ended \(summary.outcome?.rawValue ?? "")"
            let due = summary.deadline.map { TimeText.dateTime($0, in: zone) + (summary.deadlinePassed ? " (passed)" : "") } ?? "-"
            return [summary.id, summary.processID, state, due, TimeText.dateTime(summary.openedAt, in: zone)]
        }
        for line in TextTable.render(header: ["ID", "SOP", "STATE", "DUE", "OPENED"], rows: table) {
            console.out(console.painted(line, [("(passed)", .red)]))
        }
        if cases.isEmpty { console.out("(no cases)") }
        Common.tell(page.note(), json: false, console: console)
        return 0
    }
}

/// `gerbang case ID`: one case and its history.
enum CaseCommand: Command {
    static let name = "case"
    static let summary = "show one case: what it awaits, its history, permits, outbox, documents and sync log"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--db", "--config"]
    static let help = """
        usage: gerbang case ID [--json] [--db FILE]

        Shows everything the gateway knows of a case, as GET /api/cases/{id} does: where it
        stands and what it awaits (the step, who performs it, the message or answer it waits
        for, the deadline), every entry of its history (who did what, when), its permits with
        their commitments and OSS status, its outbound messages (held or dead ones with why),
        its documents, and its newest sync log entries.
        \(Common.jsonHelp)   (the API's case, the same fields)
        \(Common.databaseHelp)
        \(Common.configHelp)

        example: gerbang case izin-perluasan-1 --db /tmp/gerbang-demo/gerbang.sqlite
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let id = try arguments.positionals("ID", command: name)[0]
        let path = Common.databasePath(arguments)
        let database = try GatewayDatabase.openForReading(path: path)
        let config = try Common.config(arguments)
        let definitions = Dictionary(try config.loadDefinitions().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        guard let found = try database.cases.load(id),
              let detail = try CaseDetail.load(id, from: database, definitions: try .reading(Array(definitions.values), from: database),
                                               calendar: try config.loadCalendar()) else {
            throw FailureError(message: "gerbang case: no case '\(id)' in \(path): 'gerbang cases --db \(path)' lists them")
        }
        if arguments.has("--json") {
            try console.json(detail)
            return 0
        }
        let zone = Common.zone(arguments)
        let view = detail.case
        let task = detail.task
        console.out("case \(view.id)  [\(view.sop)]  \(view.reference ?? "")")
        if let step = task.step {
            let who = task.performer == "officer" ? (task.roleTitle ?? task.role ?? "?") : "a message: \(task.awaits ?? "?")"
            let due = found.activeStep?.deadline.map { ", due \(TimeText.dateTime($0, in: zone))\(view.deadlinePassed ? " (passed)" : "")" } ?? ""
            console.out("at step \(step): \(task.activity ?? "")")
            console.out("waits for \(who)\(task.question.map { "; question: \($0)" } ?? "")\(due)")
        } else {
            console.out("ended: \(view.outcome?.rawValue ?? "")")
        }
        section("history", console: console)
        let rows = found.history.map { entry -> [String] in
            [String(entry.sequence), TimeText.dateTime(entry.at, in: zone), entry.step.map(String.init) ?? "", entry.actor.description,
             describe(entry.event, zone: zone) + (entry.note.map { ": \($0)" } ?? "")
                + (entry.documents.isEmpty ? "" : " [\(entry.documents.joined(separator: ", "))]")]
        }
        TextTable.render(header: ["#", "AT", "STEP", "BY", "WHAT"], rows: rows, rightAligned: [0, 2]).forEach(console.out)
        if !detail.permits.isEmpty {
            section("permits", console: console)
            TextTable.render(header: ["ID IZIN", "EFFECTIVE", "OSS", "COMMITMENTS"], rows: detail.permits.map { permit in
                [permit.idIzin, permit.effectiveness, permit.ossStatus ?? "-",
                 permit.commitments.map { "\($0.kind.rawValue) \($0.state.rawValue)" }.joined(separator: ", ")]
            }, rightAligned: []).forEach(console.out)
        }
        if !detail.outbox.isEmpty {
            section("outbox", console: console)
            TextTable.render(header: ["ID", "TARGET", "STATE", "TRIES", "HTTP", "LAST ERROR / WHY HELD"], rows: detail.outbox.map { message in
                [message.id, message.target, message.state, String(message.attempts), message.lastStatus.map(String.init) ?? "-",
                 String((message.heldBehind.map { "held behind \($0)" } ?? message.lastError ?? "").prefix(70))]
            }, rightAligned: [3]).forEach(console.out)
        }
        if !detail.documents.isEmpty {
            section("documents", console: console)
            TextTable.render(header: ["STEP", "NAME", "TYPE", "BYTES", "SHA-256"], rows: detail.documents.map { document in
                [document.step.map(String.init) ?? "-", document.name, document.contentType, String(document.size), String(document.sha256.prefix(16)) + "…"]
            }, rightAligned: [0, 3]).forEach(console.out)
        }
        let log = try database.syncLog.list(.init(caseID: id, limit: 20))
        if !log.isEmpty {
            section("sync log (newest \(log.count); gerbang log --case \(id) for all)", console: console)
            console.out(LogCommand.header)
            for entry in log { console.out(LogCommand.describe(entry, zone: zone)) }
        }
        return 0
    }

    private static func section(_ title: String, console: Console) {
        console.out("")
        console.out("\(title):")
    }

    private static func describe(_ event: HistoryEntry.Event, zone: TimeZone) -> String {
        switch event {
        case .opened(let reference): "opened" + (reference.map { " for \($0)" } ?? "")
        case .started(_, let deadline): "started" + (deadline.map { ", due \(TimeText.dateTime($0, in: zone))" } ?? "")
        case .completed(_, let answer, let message, let onTime):
            "completed" + (answer.map { " [\($0.rawValue)]" } ?? "") + (message.map { " by message \($0)" } ?? "")
                + (onTime.map { $0 ? ", on time" : ", late" } ?? "")
        case .returnedIncomplete(_, let step): "returned to the applicant (step \(step)) as incomplete"
        case .attached: "attached documents"
        case .deadlinePassed(_, let deadline): "deadline \(TimeText.dateTime(deadline, in: zone)) passed: escalated"
        case .applicantReminded(_, let deadline): "the applicant's time \(TimeText.dateTime(deadline, in: zone)) passed: reminded, not escalated"
        case .deadlineMoved(_, let from, let to):
            "the calendar changed: due \(TimeText.dateTime(to, in: zone))" + (from.map { " instead of \(TimeText.dateTime($0, in: zone))" } ?? "")
        case .ended(let outcome, let reason): "ended \(outcome.rawValue)" + (reason.map { " (\($0))" } ?? "")
        case .frozen: "frozen: OSS froze the NIB, the time standard stops"
        case .resumed(_, let deadline): "resumed" + (deadline.map { ", due \(TimeText.dateTime($0, in: zone))" } ?? "")
        case .nibChanged(let changes):
            "OSS updated the NIB: " + changes.map { "\($0.field) \($0.old ?? "–") → \($0.new ?? "–")" }.joined(separator: "; ")
        case .migrated(_, let from, let to, _): "moved from SOP version \(from) to version \(to) (gerbang sop migrate)"
        }
    }
}
