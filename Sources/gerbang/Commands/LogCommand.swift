import Foundation
import GatewayDaemon
import GatewayStore

/// `gerbang log`: the sync log, every exchange with the national systems.
enum LogCommand: Command {
    static let name = "log"
    static let summary = "read the sync log: every exchange in and out, with its outcome"
    static let flags: Set<String> = ["--json", "--failed", "--follow"]
    static let options: Set<String> = ["--db", "--system", "--case", "--limit", "--config"]
    static let help = """
        usage: gerbang log [--system S] [--case ID] [--failed] [--follow] [--json] [--db FILE]

        Shows the newest entries of the sync log, oldest first: time, system, method,
        direction, case, message, attempt, HTTP status, latency, outcome and error.
          --system S     only oss, siinas, sipro, dpmptsp or gateway (the gateway's own events)
          --case ID      only one case's exchanges
          --failed       only failures: rejected, refused, retrying, dead, failed
          --limit N      how many of the newest (default 50)
          --follow       then keep printing new entries as they are written (Ctrl-C stops)
          --json         one JSON object per line, as the gateway writes them
        \(Common.databaseHelp)

        example: gerbang log --system siinas --failed --follow
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        let limit = try arguments.option("--limit").map { text throws(UsageError) -> Int in
            guard let value = Int(text), value > 0 else { throw UsageError(command: name, message: "--limit is a positive whole number, not '\(text)'") }
            return value
        } ?? 50
        let database = try GatewayDatabase.openForReading(path: Common.databasePath(arguments))
        var filter = SyncLogStore.Filter(system: arguments.option("--system"), caseID: arguments.option("--case"),
                                         failedOnly: arguments.has("--failed"), limit: limit)
        let zone = Common.zone(arguments)
        let json = arguments.has("--json")
        func show(_ entries: [SyncLogEntry]) {
            for entry in entries {
                console.out(json ? SyncLogSink.line(entry) : describe(entry, zone: zone))
            }
            fflush(nil)  // a pipe is block-buffered: whoever follows should see each line as it comes
        }
        let first = try database.syncLog.list(filter)
        if !json { console.out(header) }
        show(first)
        guard arguments.has("--follow") else { return 0 }
        filter.afterID = try first.last?.id ?? database.syncLog.list(.init(limit: 1)).last?.id ?? 0
        filter.limit = 500
        while true {
            let next = try database.syncLog.list(filter)
            show(next)
            if let last = next.last?.id { filter.afterID = last }
            // Polling a file another process writes: there is nothing to wait on but time.
            Thread.sleep(forTimeInterval: 0.25)
        }
    }

    static let header = ["AT".padding(toLength: 16, withPad: " ", startingAt: 0), "SYSTEM ", "DIR", "METHOD".padding(toLength: 40, withPad: " ", startingAt: 0),
                         "CASE".padding(toLength: 15, withPad: " ", startingAt: 0), "TRY", "HTTP", "MS    ", "OUTCOME"].joined(separator: " ")

    static func describe(_ entry: SyncLogEntry, zone: TimeZone) -> String {
        func column(_ text: String?, _ width: Int) -> String { (text ?? "-").padding(toLength: width, withPad: " ", startingAt: 0) }
        let latency = entry.latencyMilliseconds.map { String(format: "%.1f", $0) }
        var line = [column(TimeText.wallClock(entry.at, in: zone), 16), column(entry.system, 7), column(entry.direction.rawValue, 3),
                    column(entry.method, 40), column(entry.caseID, 15), column(entry.attempt.map(String.init), 3),
                    column(entry.httpStatus.map(String.init), 4), column(latency, 6), entry.outcome].joined(separator: " ")
        if let message = entry.messageID { line += "  \(message)" }
        if let error = entry.error { line += "  (\(error))" }
        return line
    }
}
