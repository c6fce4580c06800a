import GatewayBenchmarks
import Foundation
import GatewayCore
import GatewayDaemon

/// `gerbang bench store`: committed workflow transitions per second.
enum BenchStoreCommand: Command {
    static let name = "bench store"
    static let summary = "measure committed workflow transitions per second (run with -c release)"
    static let flags: Set<String> = ["--print-committed", "--json"]
    static let options: Set<String> = ["--db", "--cases", "--config"]
    static let help = """
        usage: gerbang bench store [--cases N] [--db FILE] [--print-committed] [--json]

        Runs N cases (default 300) through the five SOPs, every event a durable
        transaction on a fresh database, and prints transitions per second and the
        commit latency percentiles. Build in release mode for figures worth quoting.
          --cases N            how many cases to run
          --db FILE            the database to write; it must not exist yet (default: a temporary file)
          --print-committed    print 'committed CASE VERSION' after each commit, unbuffered
        \(Common.configHelp)

        example: swift run -c release gerbang bench store --cases 1000
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        let text = arguments.option("--cases") ?? "300"
        guard let cases = Int(text), cases > 0 else { throw UsageError(command: name, message: "--cases is a positive whole number, not '\(text)'") }
        let config = try Common.config(arguments)
        let path = try Common.freshDatabasePath(arguments.option("--db"), command: name)
        let benchmark = StoreBenchmark(definitions: try config.loadDefinitions(), calendar: try config.loadCalendar())
        let printCommitted = arguments.has("--print-committed")
        let result = try benchmark.run(databasePath: path, cases: cases) { id, version in
            // Written straight to the file descriptor, not through stdio's buffer: a
            // reader that kills this process knows every line it saw was committed.
            if printCommitted { FileHandle.standardOutput.write(Data("committed \(id) \(version)\n".utf8)) }
        }
        if arguments.has("--json") {
            try console.json(JSONValue.object([
                "cases": .integer(result.cases), "transitions": .integer(result.transitions), "seconds": .number(result.seconds),
                "transitionsPerSecond": .number(result.transitionsPerSecond), "commitMedianMilliseconds": .number(result.percentile(0.5)),
                "commitP99Milliseconds": .number(result.percentile(0.99)), "database": .string(path),
            ]))
            return 0
        }
        console.out("cases:        \(result.cases)")
        console.out("transitions:  \(result.transitions) committed one per transaction (WAL, synchronous=FULL)")
        console.out("elapsed:      \(String(format: "%.2f", result.seconds)) s")
        console.out("throughput:   \(String(format: "%.0f", result.transitionsPerSecond)) transitions/s")
        console.out("commit:       median \(String(format: "%.3f", result.percentile(0.5))) ms, p99 \(String(format: "%.3f", result.percentile(0.99))) ms")
        console.out("database:     \(path)")
        return 0
    }
}
