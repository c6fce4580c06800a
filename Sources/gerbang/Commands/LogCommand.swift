import Foundation
import GatewayCore
import GatewayDaemon
import GatewayStore

/// `gerbang log`: the sync log, every exchange with the national systems.
enum LogCommand: Command {
    static let name = "log"
    static let summary = "read the sync log: every exchange in and out, with its outcome"
    static let flags: Set<String> = ["--json", "--failed", "--follow"]
    static let options: Set<String> = ["--db", "--system", "--case", "--limit", "--config", "--since", "--until", "--before", "--after"]
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
        \(Common.databaseHelp)

        example: gerbang log --system siinas --failed --since 2h --follow
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        let limit = try Common.limit(arguments, command: name, default: 50)
        try Common.check(arguments.option("--system"), option: "--system", among: systems, command: name)
        let database = try GatewayDatabase.openForReading(path: Common.databasePath(arguments))
        try Common.checkCase(arguments.option("--case"), in: database, command: name)
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
