import Foundation
import GatewayDaemon
import GatewayHTTP
import GatewayStore

/// `gerbang outbox`: the messages the gateway owes the national systems, and its dead letters.
enum OutboxCommand: Command {
    struct Row: Encodable {
        let id: String
        let target: String
        let kind: String
        let caseID: String?
        let idIzin: String?
        let state: String
        let attempts: Int
        let createdAt: String
        let nextAttemptAt: String?
        let lastStatus: Int?
        let lastError: String?
        let heldBehind: String?
    }

    static let name = "outbox"
    static let summary = "list outbound messages and dead letters; 'outbox retry ID|--all-dead' replays them"
    static let flags: Set<String> = ["--json", "--all-dead", "--dead", "--all"]
    static let options: Set<String> = DaemonClient.options.union(["--db", "--state", "--case", "--limit", "--after"])
    static let help = """
        usage: gerbang outbox [--dead | --state pending|held|delivered|dead|cancelled] [--case ID] [--all] [--limit N] [--after ID]
                              [--json] [--db FILE]
               gerbang outbox retry ID | --all-dead [--json] [--token T] [--gateway URL]

        Lists the messages the gateway has committed to send: to whom, what, how many
        attempts, and why the last one failed. Dead letters are messages whose retries
        ran out, or that the target refused in a way retrying cannot fix (a 4xx).
        'retry' asks the running gateway to put one dead letter, or all of them, back in
        the queue, due now, under the same id and idempotency key: a target that already
        has it answers from its idempotency memory. Needs an admin token.
          --dead         only dead letters (as --state dead)
          --state S      only pending, held (behind a dead letter of their case), delivered, dead
                         or cancelled messages
          --case ID      only one case's messages
          --all          also messages delivered more than a day ago (hidden otherwise)
        \(Common.listingHelp)
        \(Common.jsonHelp)
        \(Common.databaseHelp)
        \(DaemonClient.help)

        example: gerbang outbox --dead && gerbang outbox retry --all-dead
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let path = Common.databasePath(arguments)
        if arguments.positionals.first == "retry" {
            return try retry(arguments, console: console)
        }
        _ = try arguments.positionals(command: name)
        var state: OutboxMessage.State? = arguments.has("--dead") ? .dead : nil
        if let text = arguments.option("--state") {
            try Common.check(text, option: "--state", among: OutboxMessage.State.allCases.map(\.rawValue), command: name)
            state = OutboxMessage.State(rawValue: text)
        }
        let database = try GatewayDatabase.openForReading(path: path)
        try Common.checkCase(arguments.option("--case"), in: database, command: name)
        if let after = arguments.option("--after"), try database.outbox.message(after) == nil {
            throw UsageError(command: name, message: "--after '\(after)' is no message in the outbox: give the id a cut listing named")
        }
        let now = Date()
        // Delivered messages pile up by the thousand; the day's are what an operator looks at.
        let hideBefore = arguments.has("--all") || state == .delivered || arguments.option("--case") != nil ? nil : now.addingTimeInterval(-86_400)
        let page = try database.outbox.page(state: state, caseID: arguments.option("--case"), deliveredSince: hideBefore,
                                            limit: try Common.limit(arguments, command: name), after: arguments.option("--after"))
        let messages = page.items
        let zone = Common.zone(arguments)
        if arguments.has("--json") {
            try console.json(messages.map { message in
                Row(id: message.id, target: message.target, kind: message.kind, caseID: message.caseID, idIzin: message.idIzin,
                    state: message.state.rawValue, attempts: message.attempts, createdAt: TimeText.iso(message.createdAt, in: zone),
                    nextAttemptAt: message.state == .pending ? TimeText.iso(message.nextAttemptAt, in: zone) : nil,
                    lastStatus: message.lastStatus, lastError: message.lastError, heldBehind: message.heldBehind)
            })
            Common.tell(page.note(), json: true, console: console)
            return 0
        }
        let rows = messages.map { message -> [String] in
            let next = message.state == .pending ? TimeText.dateTime(message.nextAttemptAt, in: zone) : "-"
            let note = message.heldBehind.map { "held behind \($0): replay it" } ?? message.lastError ?? ""
            return [message.id, message.target, message.state.rawValue, String(message.attempts), next,
                    TimeLeft.age(now.timeIntervalSince(message.createdAt)), message.lastStatus.map(String.init) ?? "-", String(note.prefix(80))]
        }
        TextTable.render(header: ["ID", "TARGET", "STATE", "TRIES", "NEXT ATTEMPT", "AGE", "HTTP", "LAST ERROR / WHY HELD"], rows: rows,
                         rightAligned: [3, 5]).forEach(console.out)
        if messages.isEmpty { console.out("(no messages)") }
        if hideBefore != nil, page.next == nil { console.out("(messages delivered more than a day ago are hidden: --all shows them)") }
        Common.tell(page.note(), json: false, console: console)
        return 0
    }

    private static func retry(_ arguments: Arguments, console: Console) throws -> Int32 {
        let words = arguments.positionals.dropFirst()
        let all = arguments.has("--all-dead")
        guard all != (words.count == 1), words.count <= 1 else {
            throw UsageError(command: name, message: "retry takes one message id, or --all-dead")
        }
        let client = try DaemonClient(arguments, command: "outbox retry")
        let path = words.first.map { "/api/outbox/\($0.percentEncodedSegment)/retry" } ?? "/api/outbox/retry-dead"
        let answer = try client.call(.post, path)
        if arguments.has("--json") {
            try console.json(answer)
            return 0
        }
        if let state = answer.field("already")?.text, let id = words.first {
            console.out("\(id): \(state == "delivered" ? "delivered" : "back in the queue") (already)")
            return 0
        }
        let count = answer.field("replayed")?.text.flatMap(Int.init) ?? 0
        let released = answer.field("released")?.text.flatMap(Int.init) ?? 0
        let paused = (answer.field("waitingForResume")?.array ?? []).compactMap(\.text)
        let them = count + released == 1 ? "it" : "them"
        let when = paused.isEmpty ? "the gateway sends \(them) now"
            : "\(paused.joined(separator: ", ")) \(paused.count == 1 ? "is" : "are") paused: \(them) go when resumed ('gerbang resume \(paused[0])')"
        console.out("\(count) dead letter\(count == 1 ? "" : "s") back in the queue"
                    + (released > 0 ? " with \(released) message\(released == 1 ? "" : "s") held behind" : "")
                    + "; \(when), under the same idempotency key")
        return 0
    }
}
