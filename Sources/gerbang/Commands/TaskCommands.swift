import Foundation
import GatewayCore
import GatewayDaemon
import GatewayHTTP
import GatewayStore
import NationalSystems

/// `gerbang tasks --role R`: what waits for a role, oldest deadline first.
enum TasksCommand: Command {
    static let name = "tasks"
    static let summary = "the steps waiting for a role, oldest deadline first, with the working time left"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--role", "--db", "--config", "--limit", "--after"]
    static let help = """
        usage: gerbang tasks --role ROLE [--limit N] [--after CASE] [--json] [--db FILE]

        Lists the active steps a role performs, the most urgent first, with the working
        time left before the step's time standard passes (office hours and holidays from
        the calendar; "lewat" once over). Reads the database; the daemon need not run.
          --role ROLE    a role of the SOPs: kabid, kadis, operator, tim-teknis, …
        \(Common.listingHelp)
        \(Common.jsonHelp)
        \(Common.databaseHelp)
          --config DIR   the configuration folder (default: ./config, or GERBANG_CONFIG_DIR)

        example: gerbang tasks --role kabid
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        guard let role = arguments.option("--role") else { throw UsageError(command: name, message: "--role is required, e.g. --role kabid") }
        let config = try Common.config(arguments)
        let definitions = Dictionary(try config.loadDefinitions().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let roles = Set(definitions.values.flatMap { $0.roles.map(\.id) })
        guard roles.contains(role) else {
            throw UsageError(command: name, message: "no role '\(role)' in the SOPs; the roles are \(roles.sorted().joined(separator: ", "))")
        }
        let database = try GatewayDatabase.openForReading(path: Common.databasePath(arguments))
        let all = try WorkList.tasks(role: role, in: database, definitions: try .reading(Array(definitions.values), from: database),
                                     calendar: try config.loadCalendar(), now: Date())
        guard let page = Page.of(all, limit: try Common.limit(arguments, command: name), after: arguments.option("--after"), cursor: \.task.id) else {
            throw UsageError(command: name, message: "--after '\(arguments.option("--after") ?? "")' is no case waiting for \(role)")
        }
        let tasks = page.items
        if arguments.has("--json") {
            try console.json(tasks)
            Common.tell(page.note(), json: true, console: console)
            return 0
        }
        let rows = tasks.map { view -> [String] in
            [view.task.id, view.task.sop, view.task.step.map(String.init) ?? "", String((view.task.activity ?? "").prefix(50)),
             view.workingSecondsLeft.map(TimeLeft.text) ?? "-"]
        }
        // A step past its time standard ("lewat …") stands out on a terminal.
        for line in TextTable.render(header: ["CASE", "SOP", "STEP", "ACTIVITY", "TIME LEFT"], rows: rows, rightAligned: [2]) {
            console.out(console.painted(line, [("lewat", .red)]))
        }
        if tasks.isEmpty { console.out("(nothing waits for \(role))") }
        Common.tell(page.note(), json: false, console: console)
        return 0
    }
}

/// `gerbang decide CASE --yes|--no`: an officer's decision, through the running gateway.
enum DecideCommand: Command {
    static let name = "decide"
    static let summary = "complete a case's active step (yes/no, note, document) with an officer's token"
    static let flags: Set<String> = ["--yes", "--no", "--return-incomplete", "--confirm-for-applicant", "--json"]
    static let options: Set<String> = DaemonClient.options.union(["--note", "--document", "--step", "--attribute"])
    static let help = """
        usage: gerbang decide CASE [--yes|--no] [--note TEXT] [--document FILE] [--attribute NAME=VALUE]…
                              [--step N] [--return-incomplete | --confirm-for-applicant] [--json] [--token T] [--gateway URL]

        Completes the active step of a case as the officer whose token is given, through the
        running gateway (which checks that the token holds the step's role: 403 otherwise,
        and the attempt is logged). Steps with a yes/no question need --yes or --no; a step
        that produces a document (the BAP) needs --document and its attributes.
          --yes, --no          the answer to the step's question
          --note TEXT          the officer's note, kept in the case history
          --document FILE      a PDF, JPEG or PNG to attach (within the gateway's size limit)
          --attribute N=V      what the step settles, e.g. nomor_bap=BAP/001/XII/2026 (repeatable)
          --step N             the step to complete (default: the case's active step)
          --return-incomplete  send the application back to the applicant instead
          --confirm-for-applicant
                               confirm the applicant's active step in their place (SOP 004 step 8, when OSS
                               never shows their upload), with evidence: --document or --note of what OSS shows
        \(DaemonClient.help)
          --json               print the case as the gateway returns it

        example: gerbang decide IP-2026-000001 --yes --note "Sesuai" --token "$KABID_TOKEN"
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let caseID = try arguments.positionals("CASE", command: name)[0]
        guard !(arguments.has("--yes") && arguments.has("--no")) else { throw UsageError(command: name, message: "--yes or --no, not both") }
        let client = try DaemonClient(arguments, command: name)
        let path = "/api/cases/\(caseID.percentEncodedSegment)"
        let step: Int
        if let text = arguments.option("--step") {
            guard let number = Int(text) else { throw UsageError(command: name, message: "--step is a step number, not '\(text)'") }
            step = number
        } else {
            guard let active = try client.call(.get, path).field("task")?.field("step")?.text.flatMap(Int.init) else {
                throw FailureError(message: "gerbang decide: case \(caseID) has ended: there is no step to decide")
            }
            step = active
        }
        var body: [String: JSONValue] = ["step": .integer(step)]
        if arguments.has("--yes") { body["answer"] = "yes" }
        if arguments.has("--no") { body["answer"] = "no" }
        if arguments.has("--return-incomplete") { body["returnIncomplete"] = true }
        if arguments.has("--confirm-for-applicant") { body["confirmForApplicant"] = true }
        if let note = arguments.option("--note") { body["note"] = .string(note) }
        var attributes: [String: JSONValue] = [:]
        for pair in arguments.values("--attribute") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw UsageError(command: name, message: "--attribute takes NAME=VALUE, not '\(pair)'") }
            attributes[parts[0]] = .string(parts[1])
        }
        if !attributes.isEmpty { body["attributes"] = .object(attributes) }
        if let file = arguments.option("--document") { body["document"] = try document(file) }
        let answer = try client.call(.post, path + "/decisions", body: .object(body))
        if arguments.has("--json") {
            try console.json(answer)
            return 0
        }
        let task = answer.field("task")
        let now = task?.field("step")?.text.map { "now at step \($0) (\(task?.field("roleTitle")?.text ?? task?.field("role")?.text ?? "?"))" }
            ?? "ended \(task?.field("outcome")?.text ?? "")"
        console.out("\(caseID): step \(step) done; \(now)")
        return 0
    }

    /// A file as the API takes a document: name, media type from its first bytes (not its name), base64.
    static func document(_ file: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw FailureError(message: "gerbang decide: cannot read \(file)")
        }
        guard let type = DocumentSignature.mediaType(of: data) else {
            throw UsageError(command: name, message: "--document \(file) is not a PDF, JPEG or PNG (by its first bytes, whatever its name)")
        }
        return ["name": .string(URL(fileURLWithPath: file).lastPathComponent), "contentType": .string(type), "base64": .string(data.base64EncodedString())]
    }
}

/// `gerbang withdraw CASE --reason TEXT`: the Kepala Dinas or an administrator closes a case, through the running gateway.
enum WithdrawCommand: Command {
    static let name = "withdraw"
    static let summary = "close an open case before its SOP ends (the applicant withdrew), with a reason"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = DaemonClient.options.union(["--reason"])
    static let help = """
        usage: gerbang withdraw CASE --reason TEXT [--json] [--token T] [--gateway URL]

        Closes an open case, whatever step it is at, as the officer whose token is given: the
        Kepala Dinas (kadis) or an administrator (403 otherwise, and the attempt is logged). The
        case ends withdrawn with the reason in its history; its permit's commitments are no
        longer pursued; the system the application came through is told (SIPRO: dibatalkan).
        OSS is told nothing: it has no status for a withdrawn application.
          --reason TEXT        why, in words the applicant and the systems are told (required)
        \(DaemonClient.help)
          --json               print the case as the gateway returns it

        example: gerbang withdraw II-2026-000003 --reason "Permohonan ditarik pemohon" --token "$KADIS_TOKEN"
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let caseID = try arguments.positionals("CASE", command: name)[0]
        guard let reason = arguments.option("--reason") else { throw UsageError(command: name, message: "--reason is required: say why the case is closed") }
        let client = try DaemonClient(arguments, command: name)
        let answer = try client.call(.post, "/api/cases/\(caseID.percentEncodedSegment)/withdrawal", body: ["reason": .string(reason)])
        if arguments.has("--json") {
            try console.json(answer)
            return 0
        }
        console.out("\(caseID): closed, \(answer.field("case")?.field("outcome")?.text ?? "withdrawn"): \(reason)")
        return 0
    }
}

/// `gerbang permits`: each permit's commitments and whether it is effective.
enum PermitsCommand: Command {
    /// A permit as the API shows it, with the gateway's last push to OSS about it.
    struct Row: Encodable {
        struct Push: Encodable {
            let id: String
            let kind: String
            let state: String
            let lastStatus: Int?
        }

        let permit: CaseDetail.PermitView
        let push: Push?

        func encode(to encoder: any Encoder) throws {
            try permit.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encodeIfPresent(push, forKey: .push)
        }

        private enum Key: CodingKey { case push }
    }

    static let name = "permits"
    static let summary = "permits (id_izin) with their commitments; --not-effective for those still waiting"
    static let flags: Set<String> = ["--json", "--not-effective"]
    static let options: Set<String> = ["--db", "--config", "--limit", "--after"]
    static let help = """
        usage: gerbang permits [--not-effective] [--limit N] [--after ID_IZIN] [--json] [--db FILE]

        Lists the permits the gateway tracks: the case, whether the permit is effective, the
        status OSS last showed (checkLicenseStatus, or the last push it took) with the state
        of the gateway's last push to OSS about it (a dead push means OSS does not know what
        the gateway knows), and each commitment (industry data in SIINas, technical
        verification, recommendation) with its state and statutory due date.
          --not-effective  only permits not (yet) effective
        \(Common.listingHelp)
        \(Common.jsonHelp)
        \(Common.databaseHelp)

        example: gerbang permits --not-effective
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        let database = try GatewayDatabase.openForReading(path: Common.databasePath(arguments))
        let page = try database.permits.page(notEffectiveOnly: arguments.has("--not-effective"), limit: try Common.limit(arguments, command: name),
                                             after: arguments.option("--after"))
        if let after = arguments.option("--after"), try database.permits.permit(after) == nil {
            throw UsageError(command: name, message: "--after '\(after)' is no permit in the database: give the id_izin a cut listing named")
        }
        let permits = try page.items.map { record in
            Row(permit: CaseDetail.PermitView(record), push: try database.outbox.lastMessage(idIzin: record.commitments.idIzin, target: "oss")
                .map { Row.Push(id: $0.id, kind: $0.kind, state: $0.state.rawValue, lastStatus: $0.lastStatus) })
        }
        if arguments.has("--json") {
            try console.json(permits)
            Common.tell(page.note(), json: true, console: console)
            return 0
        }
        let rows = permits.map { row -> [String] in
            let permit = row.permit
            let waiting = permit.commitments.filter { $0.state != .fulfilled }
                .map { $0.kind.rawValue + ($0.dueAt.map { " (due \($0.prefix(10)))" } ?? "") }
            let push = row.push.map { "\($0.state)" + ($0.lastStatus.map { " (HTTP \($0))" } ?? "") } ?? "-"
            return [permit.idIzin, permit.caseID ?? "-", permit.effectiveness, permit.ossStatus ?? "-", push,
                    waiting.isEmpty ? "-" : waiting.joined(separator: ", "), String((permit.reason ?? "").prefix(60))]
        }
        TextTable.render(header: ["ID IZIN", "CASE", "EFFECTIVE", "OSS", "PUSH TO OSS", "WAITING FOR", "REASON"], rows: rows, rightAligned: [])
            .forEach(console.out)
        if permits.isEmpty { console.out("(no permits)") }
        Common.tell(page.note(), json: false, console: console)
        return 0
    }
}
