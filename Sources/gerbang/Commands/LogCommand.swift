import Foundation
import GatewayCore
import GatewayDaemon
import GatewayStore

/// `gerbang log`: the sync log, every exchange with the national systems.
enum LogCommand: Command {
    static let name = "log"
    static let summary = "read the sync log: every exchange in and out, with its outcome"
    static let flags: Set<String> = ["--json", "--failed", "--follow"]
    static let options: Set<String> = ["--db", "--system", "--case", "--limit", "--config", "--since", "--until", "--before", "--after", "--archive"]
    static let systems = GatewaySettings.Systems.names + ["gateway"]
    static let help = """
        usage: gerbang log [--system S] [--case ID] [--failed] [--since T] [--until T] [--limit N] [--before ID | --after ID]
                           [--follow] [--json] [--db FILE]

        Shows the newest entries of the sync log, oldest first: date and time to the second,
        system, direction (in: the system called the gateway, or the gateway read it; out: the
        gateway called it), method, case, attempt, HTTP status (the one the gateway answered,
        for what came in), latency, outcome, message and error.
          --system S     only oss, siinas, sipro, dpmptsp or gateway (the gateway's own events)
          --case ID      only one case's exchanges
          --failed       only failures: rejected, refused, retrying, dead, failed
          --since T      only from T on: a duration before now (30m, 2h, 7d), a date (2026-12-17),
                         a local date and time (2026-12-17 09:00) or ISO 8601 with its offset
          --until T      only before T (the same forms)
          --limit N      how many (default 50); a log its limit cuts says so, with the next command
          --before ID    the entries before entry ID (the page before the one shown)
          --after ID     the entries after entry ID, oldest first
          --follow       then keep printing new entries as they are written (Ctrl-C stops)
          --json         one JSON object per line, as the gateway writes them
          --archive FILE read an archive file retention wrote (gerbang archive) instead of the
                         database: its sync-log entries, filtered as above (all of them unless
                         --limit), or the inbox messages of an inbox-*.jsonl file
        \(Common.databaseHelp)

        example: gerbang log --system siinas --failed --since 2h --follow
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        let limit = try Common.limit(arguments, command: name, default: 50)
        try Common.check(arguments.option("--system"), option: "--system", among: systems, command: name)
        let zone = Common.zone(arguments)
        let now = Date()
        func moment(_ option: String) throws(UsageError) -> Date? {
            guard let text = arguments.option(option) else { return nil }
            guard let date = TimeText.moment(text, now: now, in: zone) else {
                throw UsageError(command: name, message: "\(option) '\(text)' is no time: write 30m, 2h, 7d, 2026-12-17, 2026-12-17 09:00 or ISO 8601")
            }
            return date
        }
        func entry(_ option: String) throws(UsageError) -> Int? {
            guard let text = arguments.option(option) else { return nil }
            guard let id = Int(text), id > 0 else { throw UsageError(command: name, message: "\(option) is an entry id (a whole number), not '\(text)'") }
            return id
        }
        if let file = arguments.option("--archive") {
            return try archive(file, arguments: arguments, since: try moment("--since"), until: try moment("--until"), zone: zone, console: console)
        }
        let database = try GatewayDatabase.openForReading(path: Common.databasePath(arguments))
        try Common.checkCase(arguments.option("--case"), in: database, command: name)
        var filter = SyncLogStore.Filter(system: arguments.option("--system"), caseID: arguments.option("--case"), failedOnly: arguments.has("--failed"),
                                         afterID: try entry("--after"), beforeID: try entry("--before"), since: try moment("--since"),
                                         until: try moment("--until"), limit: limit)
        guard filter.afterID == nil || filter.beforeID == nil else { throw UsageError(command: name, message: "--before or --after, not both") }
        let following = filter.afterID != nil
        let json = arguments.has("--json")
        func show(_ entries: [SyncLogEntry]) {
            for entry in entries {
                console.out(json ? SyncLogSink.line(entry) : describe(entry, zone: zone))
            }
            fflush(nil)  // a pipe is block-buffered: whoever follows should see each line as it comes
        }
        // One more than shown tells whether the limit cut the page; the extra is at its far end from the cursor.
        filter.limit = limit + 1
        var first = try database.syncLog.list(filter)
        let cut = first.count > limit
        if cut { _ = following ? first.removeLast() : first.removeFirst() }
        if !json { console.out(header) }
        show(first)
        if cut, !arguments.has("--follow") {
            // Say how many match and how to go on, in the direction this page was read.
            let cursor = following ? first.last?.id : first.first?.id
            let page = Page(items: first, total: try database.syncLog.count(filter), next: cursor.map(String.init))
            Common.tell(page.note(option: following ? "--after" : "--before", toward: following ? "next" : "earlier"), json: json, console: console)
        }
        guard arguments.has("--follow") else { return 0 }
        filter.afterID = try first.last?.id ?? database.syncLog.list(.init(limit: 1)).last?.id ?? 0
        filter.beforeID = nil
        filter.limit = 500
        while true {
            let next = try database.syncLog.list(filter)
            show(next)
            if let last = next.last?.id { filter.afterID = last }
            // Polling a file another process writes: there is nothing to wait on but time.
            Thread.sleep(forTimeInterval: 0.25)
        }
    }

    /// `--archive FILE`: the lines of an archive file, through the same filters; unreadable lines are named on
    /// stderr (exit 1), the others still shown.
    private static func archive(_ file: String, arguments: Arguments, since: Date?, until: Date?, zone: TimeZone, console: Console) throws -> Int32 {
        guard let data = FileManager.default.contents(atPath: file) else { throw FailureError(message: "gerbang log: cannot read \(file)") }
        let json = arguments.has("--json")
        let system = arguments.option("--system"), caseID = arguments.option("--case"), failedOnly = arguments.has("--failed")
        var shown: [(line: Substring, parsed: ArchiveLine)] = []
        var unreadable = 0
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let parsed: ArchiveLine
            do {
                parsed = try ArchiveLine.parse(line)
            } catch {
                console.error("gerbang log: \(file): line \(index + 1): \(error)")
                unreadable += 1
                continue
            }
            switch parsed {
            case .syncLog(let entry):
                guard system.map({ $0 == entry.system }) ?? true, caseID.map({ $0 == entry.caseID }) ?? true,
                      !failedOnly || SyncLogEntry.failedOutcomes.contains(entry.outcome),
                      since.map({ entry.at >= $0 }) ?? true, until.map({ entry.at < $0 }) ?? true else { continue }
            case .message(let message):
                guard system.map({ $0 == message.source }) ?? true, caseID.map({ message.cases.contains($0) }) ?? true, !failedOnly || message.state == "rejected",
                      since.map({ message.receivedAt >= $0 }) ?? true, until.map({ message.receivedAt < $0 }) ?? true else { continue }
            }
            shown.append((line, parsed))
        }
        if arguments.option("--limit") != nil {
            shown = Array(shown.suffix(try Common.limit(arguments, command: name, default: 50)))
        }
        var headed = false
        for (line, parsed) in shown {
            if json {
                console.out(String(line))
                continue
            }
            switch parsed {
            case .syncLog(let entry):
                if !headed { console.out(header) }
                console.out(describe(entry, zone: zone))
            case .message(let message):
                if !headed { console.out("INBOX   RECEIVED            SOURCE  KIND                           STATE      BYTES  CASES") }
                console.out([String(message.id).padding(toLength: 7, withPad: " ", startingAt: 0), TimeText.dateTime(message.receivedAt, in: zone),
                             message.source.padding(toLength: 7, withPad: " ", startingAt: 0), message.kind.padding(toLength: 30, withPad: " ", startingAt: 0),
                             message.state.padding(toLength: 10, withPad: " ", startingAt: 0), String(message.body.count).padding(toLength: 6, withPad: " ", startingAt: 0),
                             message.cases.joined(separator: ",")].joined(separator: " ") + (message.error.map { "  (\($0))" } ?? ""))
            }
            headed = true
        }
        return unreadable == 0 ? 0 : 1
    }

    static let header = ["AT".padding(toLength: 19, withPad: " ", startingAt: 0), "SYSTEM ", "DIR", "METHOD".padding(toLength: 40, withPad: " ", startingAt: 0),
                         "CASE".padding(toLength: 15, withPad: " ", startingAt: 0), "TRY", "HTTP", "MS    ", "OUTCOME"].joined(separator: " ")

    static func describe(_ entry: SyncLogEntry, zone: TimeZone) -> String {
        func column(_ text: String?, _ width: Int) -> String { (text ?? "-").padding(toLength: width, withPad: " ", startingAt: 0) }
        let latency = entry.latencyMilliseconds.map { String(format: "%.1f", $0) }
        var line = [column(TimeText.dateTime(entry.at, in: zone), 19), column(entry.system, 7), column(entry.direction.rawValue, 3),
                    column(entry.method, 40), column(entry.caseID, 15), column(entry.attempt.map(String.init), 3),
                    column(entry.httpStatus.map(String.init), 4), column(latency, 6), entry.outcome].joined(separator: " ")
        if let message = entry.messageID { line += "  \(message)" }
        if let error = entry.error { line += "  (\(error))" }
        return line
    }
}
