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
    static let options: Set<String> = ["--db", "--sop", "--status", "--step", "--config"]
    static let help = """
        usage: gerbang cases [--sop ID] [--status active|frozen|ended] [--step N] [--breached] [--json] [--db FILE]

        Lists cases with the step each waits at, its deadline, or its outcome.
          --sop ID       only cases of this SOP
          --status S     only active, frozen (OSS froze the NIB) or ended cases
          --step N       only cases waiting at step N
          --breached     only cases whose active step passed its time standard
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
        let store = try CaseStore.openForReading(path: Common.databasePath(arguments))
        var step: Int?
        if let text = arguments.option("--step") {
            guard let number = Int(text), number > 0 else { throw UsageError(command: name, message: "--step is a step number, not '\(text)'") }
            step = number
        }
        let cases = try store.list(processID: arguments.option("--sop"), status: status, step: step,
                                   breached: arguments.has("--breached") ? true : nil)
        let zone = Common.zone(arguments)
        let rows = cases.map { summary in
            Row(id: summary.id, sop: summary.processID, reference: summary.reference, status: summary.status.rawValue,
                activeStep: summary.activeStep, deadline: summary.deadline.map { TimeText.iso($0, in: zone) },
                deadlinePassed: summary.deadlinePassed, outcome: summary.outcome,
                openedAt: TimeText.iso(summary.openedAt, in: zone), updatedAt: TimeText.iso(summary.updatedAt, in: zone))
        }
        if arguments.has("--json") {
            try console.json(rows)
            return 0
        }
        let table = cases.map { summary -> [String] in
            let state = summary.activeStep.map { "at step \($0)" } ?? "ended \(summary.outcome?.rawValue ?? "")"
            let due = summary.deadline.map { TimeText.wallClock($0, in: zone) + (summary.deadlinePassed ? " (passed)" : "") } ?? "-"
            return [summary.id, summary.processID, state, due, TimeText.wallClock(summary.openedAt, in: zone)]
        }
        TextTable.render(header: ["ID", "SOP", "STATE", "DUE", "OPENED"], rows: table).forEach(console.out)
        if cases.isEmpty { console.out("(no cases)") }
        return 0
    }
}

/// `gerbang case ID`: one case and its history.
enum CaseCommand: Command {
    static let name = "case"
    static let summary = "show one case with its full history"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--db", "--config"]
    static let help = """
        usage: gerbang case ID [--json] [--db FILE]

        Shows where a case stands and every entry of its history: who did what, when.
        \(Common.jsonHelp)
        \(Common.databaseHelp)

        example: gerbang case izin-perluasan-1 --db /tmp/gerbang-demo/gerbang.sqlite
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let id = try arguments.positionals("ID", command: name)[0]
        let path = Common.databasePath(arguments)
        guard let found = try CaseStore.openForReading(path: path).load(id) else {
            throw FailureError(message: "gerbang case: no case '\(id)' in \(path): 'gerbang cases --db \(path)' lists them")
        }
        let zone = Common.zone(arguments)
        let view = CaseView(found, zone: zone)
        if arguments.has("--json") {
            try console.json(view)
            return 0
        }
        console.out("case \(view.id)  [\(view.sop)]  \(view.reference ?? "")")
        if let step = view.activeStep {
            let due = found.activeStep?.deadline.map { ", due \(TimeText.wallClock($0, in: zone))\(view.deadlinePassed ? " (passed)" : "")" } ?? ""
            console.out("at step \(step)\(due)")
        } else {
            console.out("ended: \(view.outcome?.rawValue ?? "")")
        }
        console.out("")
        let rows = found.history.map { entry -> [String] in
            [String(entry.sequence), TimeText.wallClock(entry.at, in: zone), entry.step.map(String.init) ?? "", entry.actor.description,
             describe(entry.event, zone: zone) + (entry.note.map { ": \($0)" } ?? "")
                + (entry.documents.isEmpty ? "" : " [\(entry.documents.joined(separator: ", "))]")]
        }
        TextTable.render(header: ["#", "AT", "STEP", "BY", "WHAT"], rows: rows, rightAligned: [0, 2]).forEach(console.out)
        return 0
    }

    private static func describe(_ event: HistoryEntry.Event, zone: TimeZone) -> String {
        switch event {
        case .opened(let reference): "opened" + (reference.map { " for \($0)" } ?? "")
        case .started(_, let deadline): "started" + (deadline.map { ", due \(TimeText.wallClock($0, in: zone))" } ?? "")
        case .completed(_, let answer, let message, let onTime):
            "completed" + (answer.map { " [\($0.rawValue)]" } ?? "") + (message.map { " by message \($0)" } ?? "")
                + (onTime.map { $0 ? ", on time" : ", late" } ?? "")
        case .returnedIncomplete(_, let step): "returned to the applicant (step \(step)) as incomplete"
        case .attached: "attached documents"
        case .deadlinePassed(_, let deadline): "deadline \(TimeText.wallClock(deadline, in: zone)) passed: escalated"
        case .deadlineMoved(_, let from, let to):
            "the calendar changed: due \(TimeText.wallClock(to, in: zone))" + (from.map { " instead of \(TimeText.wallClock($0, in: zone))" } ?? "")
        case .ended(let outcome, let reason): "ended \(outcome.rawValue)" + (reason.map { " (\($0))" } ?? "")
        case .frozen: "frozen: OSS froze the NIB, the time standard stops"
        case .resumed(_, let deadline): "resumed" + (deadline.map { ", due \(TimeText.wallClock($0, in: zone))" } ?? "")
        case .nibChanged(let changes):
            "OSS updated the NIB: " + changes.map { "\($0.field) \($0.old ?? "–") → \($0.new ?? "–")" }.joined(separator: "; ")
        }
    }
}
