import Foundation
import GatewayStore
import GatewayDaemon
import GatewayCore
import GatewayHTTP
import MockNationalSystems
import NationalSystems

/// `gerbang bench ingest`: OSS pushing receiveNIB to the gateway over loopback from concurrent keep-alive
/// connections, on the production path: the gateway with its services on and the three mocks beside it, the
/// OSS mock answering each new NIB's checkNIB, which the gateway asks after the push is answered. Each push
/// carries its own NIB and permit, a valid daily Token, and opens an Izin Perluasan case: it is decoded,
/// checked, kept in the inbox under its dedup key, and its case, permit and sync log entry are committed (WAL,
/// synchronous=FULL, group commit) before the reply. The same server's no-op endpoint, under the same load in
/// the same run, is the baseline the ratio is taken against.
///
/// ``writerAlone(configFolder:folder:print:)`` measures the writer by itself instead: the same pushes, already
/// read, handed to it at once with the services off, against the floor of the same rows written plainly.
public struct IngestBenchmark {
    public struct Options: Sendable {
        public var connections = 64
        public var duration: Duration = .seconds(5)
        public var runs = 3
        /// Pushes handed to the writer before the first run's load: the cases the reads under load run against
        /// (20,000 by default), and, for ``writerAlone(configFolder:folder:print:)``, what it measures.
        public var writerPushes = 20_000
        /// How long the OSS mock takes to answer checkNIB (its faults' latency on that path): OSS slow must not
        /// slow its own pushes.
        public var ossLatencyMilliseconds = 0

        public init() {}
    }

    /// How fast one read answered while the ingest ran, in milliseconds.
    public struct ReadLatency: Sendable {
        public let path: String
        /// The median of a few reads before the load began: what the read costs by itself.
        public let idle: Double
        public let p50: Double
        public let p99: Double
        public let max: Double
        public let count: Int
    }

    /// One run: the no-op baseline, then the ingest, and what the database holds afterwards.
    public struct Run: Sendable {
        /// The reads that ran during the first run's ingest.
        public let reads: [ReadLatency]
        /// The process's resident memory after the run, and the database's bytes (with its WAL) per push it holds.
        public let residentBytes: Int
        public let bytesPerPush: Double
        public let noop: LoadGenerator.Result
        public let ingest: LoadGenerator.Result
        /// Pushes whose permits no routing rule takes: kept in the inbox and logged, no case opened.
        public let keptOnly: LoadGenerator.Result
        public let casesCommitted: Int
        public let commits: Int
        public let jobs: Int
        /// checkNIB calls the OSS mock answered during the run (its journal), and NIB checks still queued at its end.
        public let checksAnswered: Int
        public let checksWaiting: Int

        public var ratio: Double { ingest.requestsPerSecond / max(1, noop.requestsPerSecond) }
    }

    /// The writer by itself, against the floor of the same rows.
    public struct WriterAlone: Sendable {
        public let pushesPerSecond: Double
        /// Processor time the writer's thread used a push, in microseconds.
        public let cpuMicroseconds: Double
        /// Pushes a second the floor commits: the same rows, plain inserts, the same group commit.
        public let floor: Double
        /// Each table's share of the floor: the floor's pushes a second without that table's rows.
        public let floorWithout: [String: Double]
    }

    public let options: Options
    /// A `dataNIB` as OSS sends it (the izin-perluasan scenario's), with its identifiers to be replaced.
    let template: JSONValue

    public init(options: Options, template: JSONValue) {
        self.options = options
        self.template = template
    }

    /// A gateway on a fresh database under `folder`, with the mocks beside it and its services on (or neither).
    struct Stage {
        let gateway: Gateway
        let port: Int
        let mocks: [MockServer]
        let configuration: GatewayConfiguration

        init(configFolder: String, database: String, production: Bool, ossLatencyMilliseconds: Int, noop: Bool) throws {
            var mocks: [MockServer] = []
            var environment = ["GERBANG_LISTEN_PORT": "0", "GERBANG_DATABASE": database, "GERBANG_SYNC_LOG_STDOUT": "false"]
            if production {
                // No scenario is loaded: the mocks answer what the gateway asks; OSS does not know the pushes' NIBs and says so.
                var mockOptions = MockSystems.Options(scenarios: ScenarioLibrary(folder: database + ".no-scenarios"))
                mockOptions.ports = ["oss": 0, "siinas": 0, "sipro": 0]
                mocks = try MockSystems.start(MockSystems.all, options: mockOptions)
                let url = { (system: String) in mocks.first { $0.name == system }?.url ?? "" }
                environment.merge(["GERBANG_SYSTEMS_OSS_URL": url("oss"), "GERBANG_SYSTEMS_SIINAS_URL": url("siinas"),
                                   "GERBANG_SYSTEMS_SIPRO_URL": url("sipro"), "GERBANG_SYSTEMS_DPMPTSP_URL": url("sipro")]) { _, given in given }
                if ossLatencyMilliseconds > 0, let oss = mocks.first(where: { $0.name == "oss" }) {
                    var faults = FaultSettings()
                    faults.latencyMilliseconds = ossLatencyMilliseconds
                    faults.paths = [OSSMethod.checkNIB.path]
                    oss.context.faults.configure(faults)
                }
            }
            do {
                configuration = try GatewayConfiguration.load(file: configFolder + "/gerbang.json", environment: environment)
                var gatewayOptions = Gateway.Options()
                gatewayOptions.benchmarkRoutes = noop
                gatewayOptions.services = production
                gatewayOptions.operatorLog = { line in FileHandle.standardError.write(Data("  gateway: \(line)\n".utf8)) }
                gateway = try Gateway(configuration: configuration, options: gatewayOptions)
                port = try gateway.start()
            } catch {
                for mock in mocks { mock.stop(grace: .zero) }
                throw error
            }
            self.mocks = mocks
        }

        func stop() {
            gateway.stop(grace: .seconds(2))
            for mock in mocks { mock.stop(grace: .milliseconds(100)) }
        }

        /// checkNIB calls the OSS mock answered, by its own journal.
        var checksAnswered: Int {
            mocks.first { $0.name == "oss" }?.context.journal.entries(direction: .received, pathPrefix: OSSMethod.checkNIB.path).count ?? 0
        }

        /// Hands `count` pushes, already read, to the writer at once and waits for them: the seconds it took and the
        /// rows they changed.
        func handToWriter(_ bodies: RequestMaker, count: Int) throws -> (seconds: Double, changes: Int64) {
            let messages = try (0..<count).map { number in
                let body = bodies.body(10_000_000 + number)
                return (try OSSInbound.read(body, method: .receiveNIB).message, body)
            }
            let runtime = gateway.runtime
            let changesBefore = try runtime.write { $0.database.connection.totalChanges }
            let done = DispatchGroup()
            let started = ContinuousClock.now
            for (message, body) in messages {
                done.enter()
                runtime.submit({ unit in try runtime.processor.receive(message, raw: CaseProcessor.Raw(body: body), in: unit) },
                               completion: { _ in done.leave() })
            }
            done.wait()
            let seconds = (ContinuousClock.now - started).seconds
            return (seconds, try runtime.write { $0.database.connection.totalChanges } - changesBefore)
        }
    }

    /// The production path, `options.runs` times, each in a fresh database under `folder`, with the configuration in `configFolder`.
    public func run(configFolder: String, folder: String, print: (String) -> Void) throws -> [Run] {
        var runs: [Run] = []
        for index in 1...options.runs {
            let stage = try Stage(configFolder: configFolder, database: "\(folder)/ingest-\(index).sqlite", production: true,
                                  ossLatencyMilliseconds: options.ossLatencyMilliseconds, noop: true)
            defer { stage.stop() }
            let (gateway, port, configuration) = (stage.gateway, stage.port, stage.configuration)
            let credentials = configuration.secrets.ossCredentials
            let bodies = RequestMaker(template: template, credentials: credentials, run: index)
            let unrouted = RequestMaker(template: Self.unrouted(template), credentials: credentials, run: index + 50)
            // The first run's reads under load run against cases already there (20,000 by default), as an agency's after a year.
            let seeded = index == 1 ? options.writerPushes : 0
            if seeded > 0 { _ = try stage.handToWriter(bodies, count: seeded) }
            let reads = index == 1 ? ReadsUnderLoad(port: port) : nil
            var noopLoad = LoadGenerator(port: port, connections: options.connections, duration: options.duration)
            noopLoad.makeRequest = { number in bodies.request(number, path: "/api/noop") }
            let noop = try noopLoad.run()
            let checksBefore = stage.checksAnswered
            var ingestLoad = LoadGenerator(port: port, connections: options.connections, duration: options.duration)
            ingestLoad.makeRequest = { number in bodies.request(number, path: OSSWire.pushPath(.receiveNIB)) }
            reads?.start()
            let ingest = try ingestLoad.run()
            let readLatencies = reads?.stop() ?? []
            let checksAnswered = stage.checksAnswered - checksBefore
            var keptLoad = LoadGenerator(port: port, connections: options.connections, duration: options.duration)
            keptLoad.makeRequest = { number in unrouted.request(number, path: OSSWire.pushPath(.receiveNIB)) }
            let keptOnly = try keptLoad.run()
            let (total, waiting) = try gateway.runtime.read { (try $0.cases.page(limit: 1).total, try $0.nibChecks.backlog().count) }
            let committed = total - seeded
            let statistics = gateway.runtime.writerStatistics
            let database = configuration.settings.database
            let fileBytes = [database, database + "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }.reduce(0, +)
            let pushesHeld = seeded + (ingest.requests - ingest.failedResponses) + (keptOnly.requests - keptOnly.failedResponses)
            let run = Run(reads: readLatencies, residentBytes: ResidentMemory.bytes(), bytesPerPush: Double(fileBytes) / Double(max(1, pushesHeld)),
                          noop: noop, ingest: ingest, keptOnly: keptOnly, casesCommitted: committed, commits: statistics.commits,
                          jobs: statistics.jobs, checksAnswered: checksAnswered, checksWaiting: waiting)
            runs.append(run)
            for read in readLatencies {
                print(String(format: "  read under load %@: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d reads); alone %.1f ms", read.path, read.p50,
                             read.p99, read.max, read.count, read.idle))
            }
            print(String(format: "  tails: p99 %.1f × p50, slowest push %.1f ms; RSS %.0f MB; database %.0f bytes a push; checkNIB: OSS answered %d "
                         + "during the ingest (polling.nibChecksPerMinute %d%@), %d NIBs still queued",
                         ingest.latencyMilliseconds(0.99) / max(0.001, ingest.latencyMilliseconds(0.5)), ingest.latencyMilliseconds(1.0),
                         Double(run.residentBytes) / 1_048_576, run.bytesPerPush, checksAnswered, configuration.settings.polling.nibChecksPerMinute,
                         options.ossLatencyMilliseconds > 0 ? ", each answered after \(options.ossLatencyMilliseconds) ms" : "", waiting))
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

    /// The writer alone, with the services off and no HTTP: `options.writerPushes` pushes, already read, handed to
    /// it at once; then the floor, the same rows written plainly through the same writer, whole and without each
    /// table in turn (what that table's rows cost a push).
    public func writerAlone(configFolder: String, folder: String, print: (String) -> Void) throws -> WriterAlone {
        let stage = try Stage(configFolder: configFolder, database: "\(folder)/writer.sqlite", production: false, ossLatencyMilliseconds: 0,
                              noop: false)
        defer { stage.stop() }
        let count = options.writerPushes
        let bodies = RequestMaker(template: template, credentials: stage.configuration.secrets.ossCredentials, run: 1)
        let cpuBefore = stage.gateway.runtime.writerStatistics.cpuSeconds
        let (seconds, changes) = try stage.handToWriter(bodies, count: count)
        let cpu = stage.gateway.runtime.writerStatistics.cpuSeconds - cpuBefore
        let shape = try stage.gateway.runtime.read { try IngestFloor.measure(database: $0, pushes: count, changes: changes) }
        let checkpoints = GatewayRuntime.checkpoints(stage.configuration.settings.polling)
        let floor = try shape.run(path: "\(folder)/floor.sqlite", pushes: count, checkpoints: checkpoints)
        print(String(format: "floor: %d rows of %d bytes and %d updates a push (%@): %.0f pushes/s", shape.rowsPerPush, shape.bytesPerPush,
                     shape.updates, shape.rows.map { "\($0.table) \($0.count)" }.joined(separator: ", "), floor))
        var without: [String: Double] = [:]
        for table in shape.rows.map(\.table) {
            without[table] = try shape.run(path: "\(folder)/floor-without-\(table).sqlite", pushes: count, checkpoints: checkpoints, leavingOut: table)
        }
        print("  each table's share of the floor's time a push (the floor without it): " + without.sorted { $0.value < $1.value }.map { table, rate in
            String(format: "%@ %.0f%%", table, max(0, 1 - floor / rate) * 100)
        }.joined(separator: ", "))
        let result = WriterAlone(pushesPerSecond: Double(count) / seconds, cpuMicroseconds: cpu / Double(count) * 1e6, floor: floor, floorWithout: without)
        print(String(format: "writer alone: %d pushes committed in %.2f s: %.0f pushes/s, %.2f of the floor; the writer's thread used "
                     + "%.0f µs of processor a push", count, seconds, result.pushesPerSecond, result.pushesPerSecond / floor, result.cpuMicroseconds))
        return result
    }

    /// Reads made one after another while a load runs: what an officer's screen and the status page wait for.
    final class ReadsUnderLoad: @unchecked Sendable {
        static let paths = ["/api/cases?limit=50", "/api/tasks?role=operator&limit=50", "/"]
        private let port: Int
        private let stopping = Locked(false)
        private let measured = Locked<[String: [Double]]>([:])
        private let finished = DispatchSemaphore(value: 0)

        init(port: Int) {
            self.port = port
        }

        private let client = HTTPClient()
        private var idle: [String: Double] = [:]

        /// One read, in milliseconds; infinity when it did not answer 200.
        private func read(_ path: String) -> Double {
            let started = ContinuousClock.now
            // dev-admin: the development token, accepted on loopback only.
            let answered = (try? client.send(ClientRequest(url: "http://127.0.0.1:\(port)\(path)", headers: ["Authorization": "Bearer dev-admin"])))?
                .status.code == 200
            return answered ? (ContinuousClock.now - started).milliseconds : .infinity
        }

        /// Measures each read alone first, then keeps reading on a thread of its own until stopped.
        func start() {
            for path in Self.paths {
                idle[path] = (0..<5).map { _ in read(path) }.sorted()[2]
            }
            let thread = Thread { [self] in
                while !stopping.withLock({ $0 }) {
                    for path in Self.paths {
                        let milliseconds = read(path)
                        measured.withLock { $0[path, default: []].append(milliseconds) }
                    }
                }
                finished.signal()
            }
            thread.start()
        }

        func stop() -> [ReadLatency] {
            stopping.withLock { $0 = true }
            finished.wait()
            return Self.paths.map { path in
                let sorted = measured.withLock { $0[path] ?? [] }.sorted()
                func at(_ q: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
                return ReadLatency(path: path, idle: idle[path] ?? 0, p50: at(0.5), p99: at(0.99), max: sorted.last ?? 0, count: sorted.count)
            }
        }
    }

    /// What a sustained ingest came to: pushes a second over its first and last ten seconds, resident memory
    /// at ten seconds and at the end, and the database's bytes per push.
    public struct Sustained: Sendable {
        public let firstTen: Double
        public let lastTen: Double
        public let residentAtTen: Int
        public let residentAtEnd: Int
        public let bytesPerPush: Double
        public let ingest: LoadGenerator.Result
        /// Whether every answered push left its case.
        public let lost: Bool
        /// The database file's bytes at the end, and the WAL's largest seen (sampled once a second; the file only grows).
        public let fileBytes: Int
        public let walBytes: Int
        /// Checkpoints the writer made itself because the WAL had passed its bound.
        public let boundCheckpoints: Int
    }

    /// One ingest of `seconds` on the production path, not a burst: does the rate hold as the database grows, does
    /// memory stay flat, and does the WAL stay within its bound though the writer never pauses?
    public func sustained(seconds: Int, configFolder: String, folder: String, print: (String) -> Void) throws -> Sustained {
        let stage = try Stage(configFolder: configFolder, database: "\(folder)/sustained.sqlite", production: true,
                              ossLatencyMilliseconds: options.ossLatencyMilliseconds, noop: false)
        defer { stage.stop() }
        let (gateway, port, configuration) = (stage.gateway, stage.port, stage.configuration)
        let bodies = RequestMaker(template: template, credentials: configuration.secrets.ossCredentials, run: 90)
        let database = configuration.settings.database
        let size: @Sendable (String) -> Int = { path in (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        // Resident memory and the WAL's size once a second, from a thread of its own.
        let samples = Locked<(resident: [Int], wal: Int)>(([], 0))
        let sampling = Locked(true)
        let sampled = DispatchSemaphore(value: 0)
        let sampler = Thread {
            while sampling.withLock({ $0 }) {
                let (resident, wal) = (ResidentMemory.bytes(), size(database + "-wal"))
                samples.withLock { $0 = ($0.resident + [resident], max($0.wal, wal)) }
                Thread.sleep(forTimeInterval: 1)  // a sampling period, not a wait for a condition
            }
            sampled.signal()
        }
        sampler.start()
        var load = LoadGenerator(port: port, connections: options.connections, duration: .seconds(seconds))
        load.makeRequest = { number in bodies.request(number, path: OSSWire.pushPath(.receiveNIB)) }
        let ingest = try load.run()
        sampling.withLock { $0 = false }
        sampled.wait()
        let (resident, wal) = samples.withLock { $0 }
        let full = ingest.perSecond.prefix(seconds)
        let firstTen = Double(full.prefix(10).reduce(0, +)) / 10
        let lastTen = Double(full.suffix(10).reduce(0, +)) / 10
        for start in stride(from: 0, to: full.count, by: 10) {
            let slice = full.dropFirst(start).prefix(10)
            print(String(format: "  seconds %d-%d: %.0f pushes/s", start, start + slice.count, Double(slice.reduce(0, +)) / Double(max(1, slice.count))))
        }
        let fileBytes = size(database)
        let walBytes = max(wal, size(database + "-wal"))
        let committed = try gateway.runtime.read { try $0.cases.page(limit: 1).total }
        return Sustained(firstTen: firstTen, lastTen: lastTen, residentAtTen: resident.dropFirst(10).first ?? resident.last ?? 0,
                         residentAtEnd: resident.last ?? 0, bytesPerPush: Double(fileBytes + walBytes) / Double(max(1, ingest.requests)),
                         ingest: ingest, lost: committed != ingest.requests - ingest.failedResponses, fileBytes: fileBytes, walBytes: walBytes,
                         boundCheckpoints: gateway.runtime.writerStatistics.boundCheckpoints)
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
            let nib = nib(number)
            let body = parts.joined(separator: nib)
            let token = OSSToken.token(credentials, nib: nib, at: Date())
            return Array("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nToken: \(token)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        }

        /// The n-th push's body alone, for pushes handed to the writer without HTTP.
        func body(_ number: Int) -> [UInt8] {
            Array(parts.joined(separator: nib(number)).utf8)
        }

        private func nib(_ number: Int) -> String {
            String(9_000_000_000_000 + run * 100_000_000 + number)
        }
    }
}
