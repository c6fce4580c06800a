import GatewayBenchmarks
import Foundation
import GatewayCore

/// `gerbang bench reconcile`: the OSS reconciler's budget with thousands of permits, read from the mock's side.
enum BenchReconcileCommand: Command {
    static let name = "bench reconcile"
    static let summary = "show the OSS reconciler keeping its call budget with thousands of open permits (simulated hours)"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--permits", "--hours", "--config"]
    static let help = """
        usage: gerbang bench reconcile [--permits N] [--hours H] [--json]

        Starts the OSS mock and a gateway (without its background services) on 127.0.0.1
        with a fresh database, gives both N permits not yet final (default 10,000), and runs
        the OSS reconciler for H simulated hours (default 8) on a clock stepped a second at
        a time. From the mock's journal it prints the calls made, the busiest minute against
        the budget (polling.ossCallsPerMinute), the permits asked about, when the last was
        first asked, and the longest any permit waited between two checks against the
        stated period, max(polling.ossCheckMaxIntervalMinutes, N ÷ budget minutes).
        Exits 1 when a minute went over the budget, a permit was never asked, or one
        waited longer than the period.
        \(Common.configHelp)

        example: gerbang bench reconcile --permits 10000 --hours 8
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        var options = ReconcileBenchmark.Options()
        options.permits = try Common.number(arguments, "--permits", command: name) ?? options.permits
        options.hours = try Common.number(arguments, "--hours", command: name) ?? options.hours
        let setting = try Common.benchmarkSetting(arguments, command: name, console: console)
        defer { setting.removeFolder() }
        let (config, template, folder, json, say) = (setting.config, setting.template, setting.folder, setting.json, setting.say)
        let scenarios = setting.scenarios
        say("gerbang bench reconcile: \(options.permits) permits, \(options.hours) simulated hours; database under \(folder)")
        let result = try ReconcileBenchmark(options: options, template: template).run(configFolder: config.path, scenariosFolder: scenarios,
                                                                                      folder: folder, print: say)
        if json {
            try console.json(JSONValue.object([
                "permits": .integer(result.permits), "calls": .integer(result.calls), "simulatedSeconds": .integer(result.simulatedSeconds),
                "budgetPerMinute": .integer(result.budgetPerMinute), "busiestMinute": .integer(result.busiestMinute),
                "permitsAsked": .integer(result.permitsAsked), "firstRoundSeconds": .integer(result.firstRoundSeconds),
                "longestGapSeconds": .integer(result.longestGapSeconds), "statedPeriodSeconds": .integer(result.statedPeriodSeconds),
                "wallSeconds": .number(result.wallSeconds), "met": .bool(result.met),
            ]))
        } else {
            console.out(String(format: "%d calls to the OSS mock in %d simulated hours (%.0f s of wall time); busiest minute %d calls, budget %d; "
                               + "%d of %d permits asked, the last first asked after %d min; longest wait between checks %d min, stated period %d min%@",
                               result.calls, result.simulatedSeconds / 3600, result.wallSeconds, result.busiestMinute, result.budgetPerMinute,
                               result.permitsAsked, result.permits, result.firstRoundSeconds / 60, result.longestGapSeconds / 60,
                               result.statedPeriodSeconds / 60, result.met ? "" : "; FAIL"))
        }
        return result.met ? 0 : 1
    }
}
