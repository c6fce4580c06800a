import Foundation
import GatewayStore
import GatewayDaemon
import GatewayCore
import GatewayHTTP
import NationalSystems

/// `gerbang bench ingest`: OSS pushing receiveNIB to the gateway over
/// loopback from concurrent keep-alive connections. Each push carries its
/// own NIB and permit, a valid daily Token, and opens an Izin Perluasan case:
/// it is decoded, checked, kept in the inbox under its dedup key, and its case,
/// permit and sync log entry are committed (WAL, synchronous=FULL, group
/// commit) before the reply. The same server's no-op endpoint, under the same
/// load in the same run, is the baseline the ratio is taken against.
public struct IngestBenchmark {
    public struct Options: Sendable {
        public var connections = 64
        public var duration: Duration = .seconds(5)
        public var runs = 3

        public init() {}
    }

    /// One run: the no-op baseline, then the ingest, and what the database holds afterwards.
    public struct Run: Sendable {
        /// Pushes a second the writer commits when handed them all at once, without HTTP (first run only).
        public let writerAlone: Double?
        public let noop: LoadGenerator.Result
        public let ingest: LoadGenerator.Result
        /// Pushes whose permits no routing rule takes: kept in the inbox and logged, no case opened.
        public let keptOnly: LoadGenerator.Result
        public let casesCommitted: Int
        public let commits: Int
        public let jobs: Int

        public var ratio: Double { ingest.requestsPerSecond / max(1, noop.requestsPerSecond) }
    }

    public let options: Options
    /// A `dataNIB` as OSS sends it (the izin-perluasan scenario's), with its identifiers to be replaced.
    let template: JSONValue

    public init(options: Options, template: JSONValue) {
        self.options = options
        self.template = template
    }

    /// Runs in a fresh database under `folder`, with the configuration in `configFolder`.
    public func run(configFolder: String, folder: String, print: (String) -> Void) throws -> [Run] {
        var runs: [Run] = []
        for index in 1...options.runs {
            let environment = [
                "GERBANG_LISTEN_PORT": "0", "GERBANG_DATABASE": "\(folder)/ingest-\(index).sqlite", "GERBANG_SYNC_LOG_STDOUT": "false",
            ]
            let configuration = try GatewayConfiguration.load(file: configFolder + "/gerbang.json", environment: environment)
            var gatewayOptions = Gateway.Options()
            gatewayOptions.benchmarkRoutes = true
            gatewayOptions.services = false
            gatewayOptions.operatorLog = { line in FileHandle.standardError.write(Data("  gateway: \(line)\n".utf8)) }
            let gateway = try Gateway(configuration: configuration, options: gatewayOptions)
            let port = try gateway.start()
            defer { gateway.stop(grace: .seconds(2)) }
            let credentials = configuration.secrets.ossCredentials
            let bodies = RequestMaker(template: template, credentials: credentials, run: index)
            let unrouted = RequestMaker(template: Self.unrouted(template), credentials: credentials, run: index + 50)

            var writerAlone: Double?
            var writerCases = 0
            if index == 1 {
                // The writer alone: the same pushes, already read, handed to it all at once.
                let count = 5000
                writerCases = count
                let messages = try (0..<count).map { number in
                    let request = bodies.request(10_000_000 + number, path: "/")
                    let body = Array(request[(request.firstRange(of: Array("\r\n\r\n".utf8))!.upperBound)...])
                    return (try OSSInbound.read(body, method: .receiveNIB).message, body)
                }
                let done = DispatchGroup()
                let started = ContinuousClock.now
                for (message, body) in messages {
                    done.enter()
                    gateway.runtime.submit({ unit in
                        try gateway.runtime.processor.receive(message, raw: CaseProcessor.Raw(body: body), in: unit)
                    }, completion: { _ in done.leave() })
                }
                done.wait()
                let elapsed = ContinuousClock.now - started
                let seconds = elapsed.seconds
                writerAlone = Double(count) / seconds
                print(String(format: "writer alone: %d pushes committed in %.2f s: %.0f pushes/s", count, seconds, Double(count) / seconds))
            }
            var noopLoad = LoadGenerator(port: port, connections: options.connections, duration: options.duration)
            noopLoad.makeRequest = { number in bodies.request(number, path: "/api/noop") }
            let noop = try noopLoad.run()
            var ingestLoad = LoadGenerator(port: port, connections: options.connections, duration: options.duration)
            ingestLoad.makeRequest = { number in bodies.request(number, path: OSSWire.pushPath(.receiveNIB)) }
            let ingest = try ingestLoad.run()
            var keptLoad = LoadGenerator(port: port, connections: options.connections, duration: options.duration)
            keptLoad.makeRequest = { number in unrouted.request(number, path: OSSWire.pushPath(.receiveNIB)) }
            let keptOnly = try keptLoad.run()
            let committed = try gateway.runtime.read { try $0.cases.list(limit: 10_000_000).count } - writerCases
            let statistics = gateway.runtime.writerStatistics
            let run = Run(writerAlone: writerAlone, noop: noop, ingest: ingest, keptOnly: keptOnly, casesCommitted: committed, commits: statistics.commits, jobs: statistics.jobs)
            runs.append(run)
            print(String(format: "run %d: no-op %.0f req/s | ingest %.0f pushes/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms | ratio %.2f | "
                         + "%d cases committed for %d answered pushes (%d failed), %.1f jobs per commit | "
                         + "kept only (no case) %.0f pushes/s, p99 %.2f ms, ratio %.2f",
                         index, noop.requestsPerSecond, ingest.requestsPerSecond, ingest.latencyMilliseconds(0.5),
                         ingest.latencyMilliseconds(0.9), ingest.latencyMilliseconds(0.99), run.ratio, committed,
                         ingest.requests - ingest.failedResponses, ingest.failedResponses + ingest.errors,
                         Double(statistics.jobs) / Double(max(1, statistics.commits)),
                         keptOnly.requestsPerSecond, keptOnly.latencyMilliseconds(0.99), keptOnly.requestsPerSecond / max(1, noop.requestsPerSecond)))
        }
        return runs
    }

    /// The template with a permit no shipped routing rule takes (an unknown kd_izin, not an expansion).
    static func unrouted(_ template: JSONValue) -> JSONValue {
        let text = String(decoding: template.encoded(), as: UTF8.self)
            .replacingOccurrences(of: "\"030000000012\"", with: "\"099999999999\"")
            .replacingOccurrences(of: "\"flag_perluasan\":\"Y\"", with: "\"flag_perluasan\":\"N\"")
        return (try? JSONValue.decode(Array(text.utf8))) ?? template
    }

    /// Builds the n-th push: its own NIB, id_izin and project, and the Token for that NIB today.
    struct RequestMaker: Sendable {
        /// The body split where the NIB goes (the id_izin and project id are built from it too).
        let parts: [String]
        let credentials: OSSCredentials
        let run: Int

        init(template: JSONValue, credentials: OSSCredentials, run: Int) {
            let text = String(decoding: JSONValue.object(["dataNIB": template]).encoded(), as: UTF8.self)
                .replacingOccurrences(of: "I-20261217090000000000101", with: "I-@NIB@0000000000")
                .replacingOccurrences(of: "R-202612110930000000101", with: "R-@NIB@000000000")
                .replacingOccurrences(of: "8120000110001", with: "@NIB@")
            parts = text.components(separatedBy: "@NIB@")
            self.credentials = credentials
            self.run = run
        }

        func request(_ number: Int, path: String) -> [UInt8] {
            let nib = String(9_000_000_000_000 + run * 100_000_000 + number)
            let body = parts.joined(separator: nib)
            let token = OSSToken.token(credentials, nib: nib, at: Date())
            return Array("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nToken: \(token)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        }
    }
}
