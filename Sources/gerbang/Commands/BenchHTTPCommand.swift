import GatewayBenchmarks
import Foundation
import GatewayCore
import GatewayDaemon

/// `gerbang bench http`: server and client throughput and memory.
enum BenchHTTPCommand: Command {
    static let name = "bench http"
    static let summary = "measure the HTTP server and client: requests/s, latency, memory (run with -c release)"
    static let flags: Set<String> = ["--serve-only", "--json"]
    static let options: Set<String> = ["--connections", "--seconds", "--idle", "--client-requests", "--event-loops", "--port"]
    static let help = """
        usage: gerbang bench http [--connections N] [--seconds S] [--idle N] [--client-requests N] [--json]

        Starts a server on 127.0.0.1 with a no-op endpoint, then measures, in this one process:
        the RSS with N idle keep-alive connections open (default 1000); requests/s and latency
        percentiles under load from the built-in generator over N keep-alive connections for S
        seconds (default 64 and 5); and the client's sequential requests/s and RSS before and after
        N requests (default 100000). Build in release mode for figures worth quoting.
          --event-loops N      server event loop threads (default: one per core)
          --serve-only         only serve GET /noop and /noop-pool for S seconds (default 30), on
                               --port P (default: a free one), for an outside load generator;
                               prints 'ready URL' once it accepts connections
          --json               the figures as one JSON object (the progress on standard error)

        example: swift run -c release gerbang bench http
                 gerbang bench http --serve-only --seconds 20 & wrk -c64 -d10s http://127.0.0.1:PORT/noop
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        var options = HTTPBenchmark.Options()
        options.connections = try Common.number(arguments, "--connections", command: name, minimum: 0) ?? options.connections
        options.duration = .seconds(try Common.number(arguments, "--seconds", command: name, minimum: 0) ?? 5)
        options.idleConnections = try Common.number(arguments, "--idle", command: name, minimum: 0) ?? options.idleConnections
        options.clientRequests = try Common.number(arguments, "--client-requests", command: name, minimum: 0) ?? options.clientRequests
        options.eventLoops = try Common.number(arguments, "--event-loops", command: name, minimum: 0) ?? options.eventLoops
        if arguments.has("--serve-only") {
            // Unbuffered, so a parent reading the pipe sees 'ready' at once.
            let say: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
            try HTTPBenchmark(options: options).serve(
                port: try Common.number(arguments, "--port", command: name, minimum: 0) ?? 0, for: .seconds(try Common.number(arguments, "--seconds", command: name, minimum: 0) ?? 30), print: say)
            return 0
        }
        let json = arguments.has("--json")
        let report = try HTTPBenchmark(options: options).run(print: { line in json ? console.error(line) : console.out(line) })
        if json {
            try console.json(JSONValue.object([
                "requestsPerSecond": .number(report.load.requestsPerSecond), "p50Milliseconds": .number(report.load.latencyMilliseconds(0.5)),
                "p99Milliseconds": .number(report.load.latencyMilliseconds(0.99)), "poolRequestsPerSecond": .number(report.poolLoad.requestsPerSecond),
                "clientRequestsPerSecond": .number(report.clientRequestsPerSecond), "residentAtStart": .integer(report.residentAtStart),
                "residentWithIdleConnections": .integer(report.residentWithIdleConnections),
                "residentBeforeClient": .integer(report.residentBeforeClient), "residentAfterClient": .integer(report.residentAfterClient),
            ]))
        }
        return 0
    }
}
