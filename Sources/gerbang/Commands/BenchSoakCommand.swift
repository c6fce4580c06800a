import Foundation
import GatewayBenchmarks
import GatewayCore

/// `gerbang bench soak`: an agency's year on a stepped clock with retention on.
enum BenchSoakCommand: Command {
    static let name = "bench soak"
    static let summary = "run an agency's year (20,000 cases) on a stepped clock with retention on: size, memory and read times at start and end"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--days", "--cases", "--retention-days", "--checks-per-day", "--config"]
    static let help = """
        usage: gerbang bench soak [--days N] [--cases N] [--retention-days N] [--checks-per-day N] [--json]

        Runs a gateway (without its background services) on a fresh database and a clock
        stepped an hour at a time through N simulated days (default 365). Each day, in
        office hours, OSS pushes the day's share of the year's cases (default 20,000
        receiveNIB, each opening an Izin Perluasan case), revokes the NIBs of the cases
        opened 30 days before (ending them), and the reconciler's checkLicenseStatus
        exchanges are logged (default 1,000 a day). Once a day retention runs as the
        daemon's does, with retention.days set to --retention-days (default 90, so that a
        year shows it at work), and the WAL is checkpointed. Prints, when retention starts
        and at the end: database (with WAL) and archive size, resident memory, and the p99
        of /api/cases, /api/tasks and the status page (200 reads each); and the database
        size every 30 days. Exits 1 unless the end's database, memory and read times are
        within 2x of the start's (a read within 1 ms counts: below that it is timer noise).
        \\(Common.configHelp)

        example: gerbang bench soak --days 365 --cases 20000
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        var options = SoakBenchmark.Options()
        options.days = try Common.number(arguments, "--days", command: name) ?? options.days
        options.cases = try Common.number(arguments, "--cases", command: name) ?? options.cases
        options.retentionDays = try Common.number(arguments, "--retention-days", command: name) ?? options.retentionDays
        options.checksPerDay = try Common.number(arguments, "--checks-per-day", command: name, minimum: 0) ?? options.checksPerDay
        guard options.days > options.retentionDays else {
            throw UsageError(command: name, message: "--days (\(options.days)) must be more than --retention-days (\(options.retentionDays)) for retention to start")
        }
        let setting = try Common.benchmarkSetting(arguments, command: name, console: console)
        defer { setting.removeFolder() }
        let (config, template, folder, json, say) = (setting.config, setting.template, setting.folder, setting.json, setting.say)
        say("gerbang bench soak: \(options.days) days, \(options.cases) cases, retention \(options.retentionDays) days, "
            + "\(options.checksPerDay) status checks a day; database under \(folder)")
        let result = try SoakBenchmark(options: options, template: template).run(configFolder: config.path, folder: folder, print: say)
        func ratio(_ end: Double, _ start: Double) -> Double { end / max(start, 0.000_001) }
        if json {
            func figures(_ figures: SoakBenchmark.Figures) -> JSONValue {
                .object(["day": .integer(figures.day), "databaseBytes": .integer(figures.databaseBytes), "archiveBytes": .integer(figures.archiveBytes),
                         "residentBytes": .integer(figures.residentBytes), "p99Milliseconds": .object(figures.p99.mapValues(JSONValue.number))])
            }
            try console.json(JSONValue.object([
                "start": figures(result.start), "end": figures(result.end),
                "monthly": .array(result.monthly.map { ["day": .integer($0.day), "databaseBytes": .integer($0.bytes)] }),
                "archivedEntries": .integer(result.archivedEntries), "archivedBodies": .integer(result.archivedBodies),
                "longestBatchMilliseconds": .number(result.longestBatchMilliseconds), "wallSeconds": .number(result.wallSeconds), "met": .bool(result.met),
            ]))
        } else {
            let start = result.start, end = result.end
            let cases = options.cases * (end.day - start.day) / options.days
            console.out(String(format: "after retention started the database grew %.1f KB a case opened (%d cases): ended cases, their history "
                               + "and permits are kept whatever their age", Double(end.databaseBytes - start.databaseBytes) / 1024 / Double(max(1, cases)), cases))
            console.out(String(format: "end/start (day %d → %d): database %.2f, RSS %.2f, p99 %@; %d sync-log entries and %d inbox bodies archived, "
                               + "longest archive batch %.1f ms; %.0f s of wall time%@",
                               start.day, end.day, ratio(Double(end.databaseBytes), Double(start.databaseBytes)),
                               ratio(Double(end.residentBytes), Double(start.residentBytes)),
                               end.p99.keys.sorted().map { String(format: "%@ %.2f", $0, ratio(end.p99[$0] ?? 0, start.p99[$0] ?? 0)) }.joined(separator: ", "),
                               result.archivedEntries, result.archivedBodies, result.longestBatchMilliseconds, result.wallSeconds,
                               result.met ? "" : "; FAIL: a figure more than doubled"))
        }
        return result.met ? 0 : 1
    }
}
