import Foundation
import GatewayCore
import GatewayDaemon
import GatewayHTTP
import GatewayStore
import NationalSystems

/// `gerbang bench soak`: an agency's year on a stepped clock, with retention on.
///
/// Each simulated day OSS sends the day's share of the year's receiveNIB pushes (each opens an Izin Perluasan
/// case), revokes the NIBs of the cases opened `caseDays` before (which ends them: the working set of open cases
/// stays what an agency has), and the reconciler's checkLicenseStatus exchanges are logged; once a day the
/// archiver runs as the daemon's would, and the WAL is checkpointed as the daemon's checkpointer does. Messages
/// go to the writer as the push handler hands them (the HTTP path is `bench ingest`'s); the reads are over HTTP.
///
/// Figures are taken when retention starts (the first day anything is older than `retentionDays`) and at the end:
/// database and WAL bytes, archive bytes, resident memory, and the p99 of `/api/cases`, `/api/tasks` and the
/// status page. The year is met when the database stops growing once retention starts (the end within 2× the start)
/// and the end's memory and read times are within 2× of the start's.
public struct SoakBenchmark {
    public struct Options: Sendable {
        public var days = 365
        public var cases = 20_000
        /// Shorter than the shipped 400 days, so that a year shows retention at work.
        public var retentionDays = 90
        /// Days a case stays open before OSS revokes its NIB.
        public var caseDays = 30
        /// checkLicenseStatus exchanges logged a day (the reconciler's).
        public var checksPerDay = 1_000
        /// Reads of each page per measurement.
        public var reads = 200

        public init() {}
    }

    /// What the gateway looked like on one simulated day.
    public struct Figures: Sendable {
        public let day: Int
        /// The database file and its WAL.
        public let databaseBytes: Int
        public let archiveBytes: Int
        public let residentBytes: Int
        /// p99 in milliseconds, per path.
        public let p99: [String: Double]
    }

    public struct Result: Sendable {
        public let start: Figures
        public let end: Figures
        /// The database's bytes at the end of every 30th day.
        public let monthly: [(day: Int, bytes: Int)]
        public let archivedEntries: Int
        public let archivedBodies: Int
        /// The longest writer job of any archive batch, milliseconds.
        public let longestBatchMilliseconds: Double
        public let wallSeconds: Double

        /// A read within 2× its start, or within a millisecond of it (below that a timer's noise is the figure).
        static func within(_ end: Double, _ start: Double) -> Bool { end <= max(2 * start, start + 1) }

        public var met: Bool {
            end.databaseBytes <= 2 * start.databaseBytes && end.residentBytes <= 2 * start.residentBytes
                && end.p99.allSatisfy { Self.within($0.value, start.p99[$0.key] ?? 0) }
        }
    }

    static let paths = ["/api/cases?limit=50", "/api/tasks?role=operator&limit=50", "/"]

    public let options: Options
    let template: JSONValue

    public init(options: Options, template: JSONValue) {
        self.options = options
        self.template = template
    }

    public func run(configFolder: String, folder: String, print: (String) -> Void) throws -> Result {
        let started = ContinuousClock.now
        let clock = ReconcileBenchmark.SteppedTime(Date())
        let database = folder + "/soak.sqlite", archive = folder + "/archive"
        let configuration = try GatewayConfiguration.load(file: configFolder + "/gerbang.json", environment: [
            "GERBANG_LISTEN_PORT": "0", "GERBANG_DATABASE": database, "GERBANG_SYNC_LOG_STDOUT": "false",
            "GERBANG_RETENTION_DAYS": "\(options.retentionDays)", "GERBANG_RETENTION_FOLDER": archive,
        ])
        var gatewayOptions = Gateway.Options()
        gatewayOptions.services = false
        gatewayOptions.clock = clock
        gatewayOptions.operatorLog = { message in FileHandle.standardError.write(Data("  gateway: \(message)\n".utf8)) }
        let gateway = try Gateway(configuration: configuration, options: gatewayOptions)
        let port = try gateway.start()
        defer { gateway.stop(grace: .seconds(2)) }
        let runtime = gateway.runtime
        let checkpointer = try SQLiteConnection(path: database)
        let archiver = Archiver(settings: configuration.settings.retention)
        let opening = IngestBenchmark.RequestMaker(template: template, credentials: configuration.secrets.ossCredentials, run: 70)
        let revoking = IngestBenchmark.RequestMaker(template: Self.revoked(template), credentials: configuration.secrets.ossCredentials, run: 70)
        let client = HTTPClient()

        func receive(_ bodies: [[UInt8]]) throws {
            let messages = try bodies.map { (try OSSInbound.read($0, method: .receiveNIB).message, $0) }
            try runtime.write { unit in
                for (message, body) in messages { _ = try runtime.processor.receive(message, raw: CaseProcessor.Raw(body: body, answer: 200), in: unit) }
            }
        }
        func figures(day: Int) throws -> Figures {
            var p99: [String: Double] = [:]
            for path in Self.paths {
                let times = try (0..<options.reads).map { _ -> Double in
                    let begun = ContinuousClock.now
                    let response = try client.send(ClientRequest(url: "http://127.0.0.1:\(port)\(path)", headers: ["Authorization": "Bearer dev-admin"]))
                    guard response.status.code == 200 else { throw SoakFailure(message: "\(path) answered \(response.status.code)") }
                    return (ContinuousClock.now - begun).milliseconds
                }.sorted()
                p99[path] = times[min(times.count - 1, times.count * 99 / 100)]
            }
            return Figures(day: day, databaseBytes: Self.bytes([database, database + "-wal"]), archiveBytes: Self.bytes(folder: archive),
                           residentBytes: ResidentMemory.bytes(), p99: p99)
        }
        func describe(_ figures: Figures) -> String {
            String(format: "day %d: database %.1f MB, archive %.1f MB, RSS %.0f MB; p99 %@", figures.day, Double(figures.databaseBytes) / 1_048_576,
                   Double(figures.archiveBytes) / 1_048_576, Double(figures.residentBytes) / 1_048_576,
                   Self.paths.map { String(format: "%@ %.1f ms", $0, figures.p99[$0] ?? 0) }.joined(separator: ", "))
        }

        var opened = 0
        var monthly: [(day: Int, bytes: Int)] = []
        var start: Figures?
        var archivedEntries = 0, archivedBodies = 0
        var longest = 0.0
        for day in 1...options.days {
            // The day's share of the year's cases, and the revocation of those opened caseDays before, spread over the office hours.
            let due = options.cases * day / options.days - opened
            let revoke = day > options.caseDays
                ? (options.cases * (day - options.caseDays) / options.days) - (options.cases * (day - options.caseDays - 1) / options.days) : 0
            let firstRevoked = options.cases * (day - options.caseDays - 1) / options.days
            for hour in 0..<24 {
                clock.advance(3600)
                guard (8..<16).contains(hour) else { continue }
                let slice = hour - 8
                let openNow = (opened + due * slice / 8)..<(opened + due * (slice + 1) / 8)
                let revokeNow = (firstRevoked + revoke * slice / 8)..<(firstRevoked + revoke * (slice + 1) / 8)
                try receive(openNow.map(opening.body) + revokeNow.map(revoking.body))
                let checks = options.checksPerDay / 8
                try runtime.write { unit in
                    for index in 0..<checks {
                        try unit.log(SyncLogEntry(at: unit.now, system: "oss", method: "checkLicenseStatus", direction: .outgoing,
                                                  idIzin: "I-SOAK\(day)-\(index)", httpStatus: 200, latencyMilliseconds: 40, outcome: "status"))
                    }
                }
            }
            opened += due
            let report = try archiver.run(runtime, dryRun: false)
            archivedEntries += report.syncLogEntries
            archivedBodies += report.inboxBodies
            longest = max(longest, report.longestBatchMilliseconds)
            _ = try? checkpointer.checkpoint(.passive)
            if start == nil, report.syncLogEntries > 0 {
                start = try figures(day: day)
                print("retention starts: " + describe(start!))
            }
            if day % 30 == 0 {
                monthly.append((day, Self.bytes([database, database + "-wal"])))
                print(String(format: "day %d: %d cases opened, database %.1f MB, archive %.1f MB, %d sync-log entries and %d inbox bodies archived so far",
                             day, opened, Double(monthly.last!.bytes) / 1_048_576, Double(Self.bytes(folder: archive)) / 1_048_576,
                             archivedEntries, archivedBodies))
            }
        }
        let end = try figures(day: options.days)
        print("end: " + describe(end))
        guard let start else { throw SoakFailure(message: "retention never started: give more --days than --retention-days") }
        return Result(start: start, end: end, monthly: monthly, archivedEntries: archivedEntries, archivedBodies: archivedBodies,
                      longestBatchMilliseconds: longest, wallSeconds: (ContinuousClock.now - started).seconds)
    }

    /// The template as a revocation of its NIB (receiveNIB tipe_dokumen 3, pencabutan).
    static func revoked(_ template: JSONValue) -> JSONValue {
        guard var fields = template.object else { return template }
        fields["tipe_dokumen"] = "3"
        return .object(fields)
    }

    static func bytes(_ paths: [String]) -> Int {
        paths.compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }.reduce(0, +)
    }

    static func bytes(folder: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return bytes(names.map { folder + "/" + $0 })
    }

    struct SoakFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { "bench soak: \(message)" }
    }
}
