import Foundation
import GatewayCore
import GatewayStore
import GatewayDaemon
import GatewayHTTP
import Glibc

/// `gerbang bench http`: the server under load from the built-in load
/// generator, the client's sequential throughput, and memory: the process
/// with 1,000 idle keep-alive connections open, and its growth over 100,000
/// client requests. Server, generator and client share one process on
/// 127.0.0.1, so every figure includes the others' cost.
public struct HTTPBenchmark {
    public struct Options: Sendable {
        public var connections = 64
        public var duration: Duration = .seconds(5)
        public var idleConnections = 1000
        public var clientRequests = 100_000
        public var eventLoops = max(1, ProcessInfo.processInfo.activeProcessorCount)

        public init() {}
    }

    public struct Report: Sendable {
        public let residentAtStart: Int
        public let residentWithIdleConnections: Int
        public let load: LoadGenerator.Result
        public let poolLoad: LoadGenerator.Result
        public let clientRequestsPerSecond: Double
        public let residentBeforeClient: Int
        public let residentAfterClient: Int
        /// The server's own counters at the end, for checking the generator's and the client's.
        public let server: HTTPServer.Statistics
    }

    public let options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The benchmark's server: GET /noop answered on the event loop, as a health check would
    /// be, and GET /noop-pool through the handler pool, where the gateway's handlers run.
    public func makeServer(port: Int = 0, log: @escaping @Sendable (String) -> Void = { _ in }) -> HTTPServer {
        var router = Router()
        router.get("/noop", execution: .eventLoop) { _ in .text("ok") }
        router.get("/noop-pool", execution: .handlerPool) { _ in .text("ok") }
        var configuration = ServerConfiguration(port: port)
        configuration.eventLoops = options.eventLoops
        configuration.limits.idleTimeout = .seconds(300)
        configuration.limits.headerTimeout = .seconds(300)
        configuration.limits.maxConnections = options.idleConnections + options.connections + 64
        configuration.limits.maxConnectionsPerClient = configuration.limits.maxConnections  // every connection is the benchmark's
        configuration.log = log
        return HTTPServer(configuration: configuration, router: router)
    }

    /// Serves the benchmark endpoints for `duration`, for an outside load generator such as wrk.
    public func serve(port: Int, for duration: Duration, print: @escaping @Sendable (String) -> Void) throws {
        let server = makeServer(port: port, log: print)
        let bound = try server.start()
        print("ready http://127.0.0.1:\(bound) (GET /noop, GET /noop-pool) for \(duration)")
        Thread.sleep(forTimeInterval: duration.seconds)
        server.shutdown(grace: .seconds(1))
    }

    public func run(print: (String) -> Void) throws -> Report {
        let server = makeServer()
        let port = try server.start()
        defer { server.shutdown(grace: .seconds(1)) }
        print("server: 127.0.0.1:\(port), \(options.eventLoops) event loops; GET /noop answers \"ok\"")

        // 1. Memory with idle keep-alive connections open.
        let residentAtStart = ResidentMemory.bytes()
        var idle: [Int32] = []
        for _ in 0..<options.idleConnections {
            idle.append(try LoadGenerator(port: port, path: "/noop").openIdleConnection())
        }
        let residentWithIdle = ResidentMemory.bytes()
        print("idle:   \(server.statistics.connectionsOpen) keep-alive connections open: process RSS \(ResidentMemory.megabytes(residentAtStart)) → \(ResidentMemory.megabytes(residentWithIdle))")
        for descriptor in idle { close(descriptor) }

        // 2. The server under concurrent keep-alive load.
        var results: [LoadGenerator.Result] = []
        for (path, label) in [("/noop", "on the event loop"), ("/noop-pool", "through the handler pool")] {
            print("load:   GET \(path) (\(label)), \(options.connections) connections for \(options.duration), one request at a time each")
            let result = try LoadGenerator(port: port, path: path, connections: options.connections, duration: options.duration).run()
            print(String(format: "        %.0f requests/s; latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms; %d errors",
                         result.requestsPerSecond, result.latencyMilliseconds(0.5), result.latencyMilliseconds(0.9),
                         result.latencyMilliseconds(0.99), result.latencyMilliseconds(1.0), result.errors))
            results.append(result)
        }

        // 3. The client: sequential requests over one kept-alive connection, and its memory.
        let client = HTTPClient()
        let url = "http://127.0.0.1:\(port)/noop"
        for _ in 0..<1000 { _ = try client.get(url) }  // warm up: connection, allocator, caches
        let residentBefore = ResidentMemory.bytes()
        let clock = ContinuousClock()
        let started = clock.now
        for _ in 0..<options.clientRequests { _ = try client.get(url).requireSuccess() }
        let elapsed = clock.now - started
        let residentAfter = ResidentMemory.bytes()
        let seconds = elapsed.seconds
        let clientRate = Double(options.clientRequests) / seconds
        print(String(format: "client: %d sequential requests: %.0f requests/s; RSS %@ → %@ (%+.2f MB)", options.clientRequests, clientRate,
                     ResidentMemory.megabytes(residentBefore), ResidentMemory.megabytes(residentAfter),
                     Double(residentAfter - residentBefore) / 1_048_576))
        return Report(residentAtStart: residentAtStart, residentWithIdleConnections: residentWithIdle, load: results[0], poolLoad: results[1],
                      clientRequestsPerSecond: clientRate, residentBeforeClient: residentBefore, residentAfterClient: residentAfter,
                      server: server.statistics)
    }
}
