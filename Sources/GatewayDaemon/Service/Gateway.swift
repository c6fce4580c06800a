import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems
import Synchronization

/// The daemon: the HTTP server for inbound messages and officers, around a
/// ``GatewayRuntime`` (the database writer and the services: dispatchers per
/// target, feed pollers, OSS reconciliation, the SLA sweeper).
public final class Gateway: Sendable {
    public struct Options: Sendable {
        /// Where time comes from: the real clock, or a demo's accelerated one.
        public var clock: any TimeSource = SystemTime()
        /// Lines for the operator (start, stop, failures of the services), on standard error by default.
        public var operatorLog: @Sendable (OperatorMessage) -> Void = { message in
            FileHandle.standardError.write(Data((message.description + "\n").utf8))
        }
        /// Also serve `POST /api/noop`, which answers at once: the benchmark's baseline.
        public var benchmarkRoutes = false
        /// Run the pollers, the reconciler, the dispatchers and the sweeper (off for an ingest-only benchmark).
        public var services = true

        public init() {}
    }

    public let runtime: GatewayRuntime
    private let server: HTTPServer
    private let listening: ListeningSocket
    /// Every route served, as "POST /api/cases/{id}/decisions", for checking the OpenAPI document.
    public let routes: [String]

    /// Binds the listen address, then opens (creating and migrating) the database and prepares the
    /// server; `start()` runs it. A port in use fails first, so a failed start creates no database.
    public init(configuration: GatewayConfiguration, options: Options = Options()) throws {
        let listen = configuration.settings.listen
        do {
            listening = try ListeningSocket(host: listen.host, port: listen.port)
        } catch {
            throw GatewayStartError(message: "cannot listen on \(listen.host):\(listen.port): \(error): is another program "
                                    + "(another gateway) on that port? Stop it or choose another port (GERBANG_LISTEN_PORT)")
        }
        runtime = try GatewayRuntime(configuration: configuration, options: options)
        var serverConfiguration = ServerConfiguration(host: configuration.settings.listen.host, port: configuration.settings.listen.port)
        serverConfiguration.limits.maxBodyBytes = Self.maxBodyBytes(documents: configuration.settings.documents)
        serverConfiguration.limits.maxConnectionsPerClient = configuration.settings.security.maxConnectionsPerClient
        serverConfiguration.limits.unlimitedClients = configuration.settings.security.trustedProxies
        serverConfiguration.log = { [log = options.operatorLog] line in log(OperatorMessage(.warning, "http server", ["detail": line])) }
        let router = GatewayRoutes(runtime: runtime).router
        routes = router.patterns
        server = HTTPServer(configuration: serverConfiguration, router: router)
    }

    /// The largest request body: the largest document officers may attach, base64-encoded (4 bytes for
    /// every 3, RFC 4648 §4), plus the JSON envelope around it; never less than a large receiveNIB needs.
    static func maxBodyBytes(documents: GatewaySettings.Documents) -> Int {
        let envelope = 64 * 1024
        return max(1024 * 1024, (documents.maxBytes + 2) / 3 * 4 + envelope)
    }

    /// Starts the writer, the server and the services; returns the bound port.
    @discardableResult
    public func start() throws -> Int {
        runtime.startWriter()
        let port = try server.start(on: listening)
        let listen = runtime.configuration.settings.listen
        runtime.setPublicURL(listen.publicURL.isEmpty ? "http://\(listen.host.contains(":") ? "[\(listen.host)]" : listen.host):\(port)"
                                                      : listen.publicURL)
        if runtime.options.services { runtime.startServices() }
        return port
    }

    public var url: String { "http://\(runtime.configuration.settings.listen.host):\(server.port)" }
    public var port: Int { server.port }
    public var statistics: HTTPServer.Statistics { server.statistics }

    /// Stops accepting, lets requests under way finish within `grace`, lets the services finish
    /// what they hold (a delivery under way) within `grace` too, then stops the writer.
    /// What was not finished stays pending in the outbox for the next start.
    public func stop(grace: Duration = .seconds(5)) {
        server.shutdown(grace: grace)
        runtime.stop(grace: grace)
    }

    /// Reads the configuration files again (SIGHUP): SOPs, calendar, routing and the
    /// settings that need no restart. A file that does not load is refused with the
    /// reason and the running configuration is kept. Either way the outcome is in the
    /// sync log, /metrics and ``GatewayRuntime/lastReload``.
    /// - Returns: the settings the files changed that only a restart puts in force.
    @discardableResult
    public func reload(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String] {
        try runtime.reload(environment: environment)
    }

    /// Opens the sync log file (`syncLog.file`) again at its path: SIGHUP does it before reloading, so a
    /// file logrotate renamed is left to it and the next lines go to a new one.
    public func reopenLogs() throws {
        try runtime.sink.reopen()
    }
}

/// The database writer, the read connection, the sync log sink, the case
/// processor and the background services of one gateway.
///
/// Every change goes through ``write(_:)`` or ``submit(_:completion:)``: one
/// job of the group-commit writer, with the time from the injected clock.
/// Its sync log entries are echoed as JSON lines after the commit, and the
/// dispatchers of targets it queued messages for are woken.
public final class GatewayRuntime: Sendable {
    private let current: Locked<(configuration: GatewayConfiguration, processor: CaseProcessor)>
    public let options: Gateway.Options
    let writer: GroupCommitWriter
    private let instanceLock: InstanceLock
    private let reader: ReadConnection
    let sink: SyncLogSink
    /// Whether writes are failing (disk full, locked, read-only), for /readyz.
    let storage = StorageHealth()
    /// Deliveries and polls counted as they happen (`/metrics`).
    public let metrics = GatewayMetrics()
    private let serviceGroup = Locked<ServiceGroup?>(nil)
    private let stopping = Atomic<Bool>(false)
    private let publicURL = Locked<String>("")
    /// The agency's asking calls to OSS (pulls, checks); the national systems change only with a restart.
    let oss: OSSClient
    /// The calls a minute OSS may be asked (checkLicenseStatus), shared by the reconciler and the dispatcher's checks.
    let ossBudget: CallBudget

    /// The base of links to the documents the gateway sends, known once it listens.
    func setPublicURL(_ url: String) {
        publicURL.withLock { $0 = url.hasSuffix("/") ? String(url.dropLast()) : url }
    }

    /// True once the gateway is shutting down: services finish what they hold and take nothing new.
    public var isStopping: Bool { stopping.load(ordering: .relaxed) }

    public var clock: any TimeSource { options.clock }

    /// The configuration in force: the one loaded at start, or the last reload.
    public var configuration: GatewayConfiguration { current.withLock { $0.configuration } }
    /// The processor for the configuration in force; a job takes it once and keeps it for the job.
    public var processor: CaseProcessor { current.withLock { $0.processor } }

    init(configuration: GatewayConfiguration, options: Gateway.Options) throws {
        self.options = options
        let path = configuration.settings.database
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        instanceLock = try InstanceLock(database: path)
        let database = try GatewayDatabase.open(path: path)
        let versions = try database.transaction {
            try DocumentLinkToken.hashLinksKeptWhole(in: database)
            return try SOPDefinitions.store(configuration.definitions, in: database, at: options.clock.now())
        }
        writer = try GroupCommitWriter(database: database, checkpoints: Self.checkpoints(configuration.settings.polling,
                                                                                          report: options.operatorLog))
        reader = ReadConnection(try GatewayDatabase.openForReading(path: path))
        sink = try SyncLogSink(stdout: configuration.settings.syncLog.stdout, file: configuration.settings.syncLog.file)
        current = Locked((configuration, Self.processor(for: configuration, versions: versions)))
        oss = OSSClient(target: configuration.settings.systems.oss, secrets: configuration.secrets)
        ossBudget = CallBudget(perMinute: configuration.settings.polling.ossCallsPerMinute)
    }

    /// How the writer keeps the WAL copied into the database file and bounded; `gerbang bench ingest`'s floor takes the same.
    package static func checkpoints(_ polling: GatewaySettings.Polling, report: @escaping @Sendable (OperatorMessage) -> Void = { _ in })
        -> GroupCommitWriter.Checkpoints {
        GroupCommitWriter.Checkpoints(intervalMilliseconds: polling.checkpointMilliseconds) { failure in
            report(failure.map { OperatorMessage(.error, "checkpoint: cannot copy the WAL into the database file", ["error": $0]) }
                ?? OperatorMessage(.info, "checkpoint: the WAL is copied into the database file again"))
        }
    }

    private static func processor(for configuration: GatewayConfiguration, versions: [StoredSOP]) -> CaseProcessor {
        CaseProcessor(definitions: configuration.definitions, versions: versions, calendar: configuration.calendar, rules: configuration.rules,
                      settings: configuration.settings)
    }

    /// What the last reload did, for /metrics, /readyz and the start of the next one.
    public struct ReloadOutcome: Sendable, Equatable {
        public let at: Date
        /// The error that refused it (naming the file, and the line and column of broken JSON), or nil.
        public let refusal: String?
        /// Settings the files changed that only a restart puts in force, as "listen" or "security.trustedProxies".
        public let restartNeeded: [String]

        public var succeeded: Bool { refusal == nil }
    }

    private let reloads = Locked<(last: ReloadOutcome?, lastSuccess: Date?)>((nil, nil))

    /// The last reload's outcome, nil before the first.
    public var lastReload: ReloadOutcome? { reloads.withLock { $0.last } }

    /// Whether the last configuration load succeeded, and when one last did (the start, before any reload).
    public func configurationLoaded(startedAt: Date) -> (succeeded: Bool, lastSuccess: Date) {
        reloads.withLock { ($0.last?.succeeded ?? true, $0.lastSuccess ?? startedAt) }
    }

    /// Loads the configuration files again and puts them in force, keeping the secrets and
    /// what only a restart can change (listen address, trusted proxies, database, national systems,
    /// sync log output); records the outcome in the sync log either way.
    func reload(environment: [String: String]) throws -> [String] {
        do {
            let restartNeeded = try reloadFiles(environment: environment)
            record(ReloadOutcome(at: clock.now(), refusal: nil, restartNeeded: restartNeeded))
            return restartNeeded
        } catch {
            record(ReloadOutcome(at: clock.now(), refusal: "\(error)", restartNeeded: []))
            throw error
        }
    }

    private func record(_ outcome: ReloadOutcome) {
        reloads.withLock { $0 = (outcome, outcome.succeeded ? outcome.at : $0.lastSuccess) }
        let detail = outcome.refusal.map { "\($0); the running configuration stays" }
            ?? (outcome.restartNeeded.isEmpty ? nil : "changed but needing a restart: \(outcome.restartNeeded.joined(separator: ", "))")
        // Handed to the writer without waiting for it (a gateway not yet started logs it at its start); best
        // effort: a reload refused because the disk fails is still on standard error.
        submit({ unit in
            try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "config.reload", direction: .incoming,
                                      outcome: outcome.succeeded ? "reloaded" : "refused", error: detail))
        }, completion: { _ in })
    }

    /// The settings only a restart changes that differ between the running and the loaded files.
    static func restartNeeded(running: GatewaySettings, loaded: GatewaySettings) -> [String] {
        let checks: [(String, Bool)] = [
            ("listen", loaded.listen != running.listen), ("database", loaded.database != running.database),
            ("systems", loaded.systems != running.systems), ("syncLog", loaded.syncLog != running.syncLog),
            ("polling", loaded.polling != running.polling), ("developmentSecrets", loaded.developmentSecrets != running.developmentSecrets),
            ("security.trustedProxies", loaded.security.trustedProxies != running.security.trustedProxies),
        ]
        return checks.filter(\.1).map(\.0)
    }

    private func reloadFiles(environment: [String: String]) throws -> [String] {
        let running = configuration
        let loaded = try GatewayConfiguration.load(file: running.folder + "/gerbang.json", environment: environment)
        let restartNeeded = Self.restartNeeded(running: running.settings, loaded: loaded.settings)
        var settings = loaded.settings
        settings.listen = running.settings.listen
        settings.database = running.settings.database
        settings.systems = running.settings.systems
        settings.syncLog = running.settings.syncLog
        settings.polling = running.settings.polling
        settings.developmentSecrets = running.settings.developmentSecrets
        // Whether the gateway is exposed decided which secrets it took at start: only a restart may change it.
        settings.security.trustedProxies = running.settings.security.trustedProxies
        let next = GatewayConfiguration(settings: settings, secrets: running.secrets, definitions: loaded.definitions,
                                        calendar: loaded.calendar, rules: loaded.rules, folder: running.folder)
        // A changed SOP file becomes a new version for the cases opened from now on; open cases keep theirs.
        let versions = try writer.beforeStart { try SOPDefinitions.store(next.definitions, in: $0, at: clock.now()) }
            ?? write { unit in try SOPDefinitions.store(next.definitions, in: unit.database, at: unit.now) }
        let processor = Self.processor(for: next, versions: versions)
        current.withLock { $0 = (next, processor) }
        // Deadlines computed on the old calendar (a year without its SKB list) move with the new one.
        if loaded.calendar != running.calendar { _ = try write { unit in try processor.recomputeDeadlines(in: unit) } }
        return restartNeeded
    }

    func startWriter() {
        writer.start()
    }

    /// Commits and jobs of the group-commit writer since start.
    public var writerStatistics: GroupCommitWriter.Statistics { writer.statistics }

    func stop(grace: Duration = .seconds(5)) {
        stopping.store(true, ordering: .relaxed)
        let group = serviceGroup.withLock { $0 }
        for name in group?.stop(before: ContinuousClock.now + grace) ?? [] {
            // A delivery still waiting for its answer: its message stays pending and goes again,
            // under the same idempotency key, at the next start.
            options.operatorLog(OperatorMessage(.warning, "a service did not finish within the grace: its work is left to the next start",
                                                ["service": name.rawValue, "grace": "\(grace)"]))
        }
        // The services hold the runtime (their ledger) as the runtime holds them: letting go of them lets a
        // stopped runtime go, with its connections, sockets and files (a process that starts and stops
        // gateways, as the tests do, would otherwise keep every one open).
        serviceGroup.withLock { $0 = nil }
        writer.stop()  // which stops its checkpointer and checkpoints the whole WAL into the database file
        sink.flush()
        instanceLock.release()
    }

    // MARK: Database access

    /// Runs a job in the writer and waits until it is committed.
    public func write<T>(_ body: @escaping (WorkUnit) throws -> T) throws -> T {
        try GroupCommitWriter.wait { completion in submit(body, completion: completion) }
    }

    /// Hands a job to the writer; `completion` runs after the commit (on the writer's thread: keep it short).
    public func submit<T>(_ body: @escaping (WorkUnit) throws -> T, completion: @escaping (Result<T, any Error>) -> Void) {
        let clock = options.clock
        let base = publicURL.withLock { $0 }
        writer.submit({ database -> (T, WorkUnit) in
            let unit = WorkUnit(database: database, now: clock.now(), publicURL: base)
            let before = database.connection.totalChanges
            let value = try body(unit)
            try unit.finish()
            unit.wroteRows = database.connection.totalChanges != before
            return (value, unit)
        }, completion: { [self] result in
            switch result {
            case .success(let (value, unit)):
                if unit.wroteRows, let over = storage.committed() { storageRecovered(from: over) }
                sink.emit(unit.logged)
                wake(unit.toWake)
                completion(.success(value))
            case .failure(let error):
                guard let fault = StorageFault.of(error) else { return completion(.failure(error)) }
                if storage.failed(fault, at: clock.now()) { storageFailed(fault) }
                completion(.failure(fault))
            }
        })
    }

    /// A storage fault began: said in the sync log's file and standard output (its table cannot take it) and to the operator.
    private func storageFailed(_ fault: StorageFault) {
        sink.emit([SyncLogEntry(at: options.clock.now(), system: "gateway", method: "database", direction: .outgoing, outcome: "failed",
                                error: fault.description + "; senders are answered 503 and send again")])
        options.operatorLog(OperatorMessage(.error, "database: writes fail; senders are answered 503", ["fault": fault.description]))
    }

    private func storageRecovered(from over: (fault: StorageFault, since: Date)) {
        sink.emit([SyncLogEntry(at: options.clock.now(), system: "gateway", method: "database", direction: .outgoing, outcome: "recovered",
                                error: "writes commit again after \(over.fault.kind.rawValue) since \(JakartaTime.iso(over.since))")])
        options.operatorLog(OperatorMessage(.info, "database: writes commit again",
                                            ["fault": over.fault.kind.rawValue, "since": JakartaTime.iso(over.since)]))
    }

    /// Reads from the database on the shared read-only connection (WAL lets it read while the writer writes).
    public func read<T>(_ body: (GatewayDatabase) throws -> T) throws -> T {
        try reader.read(body)
    }

    // MARK: Services

    func startServices() {
        let configuration = self.configuration
        let settings = configuration.settings
        let polling = settings.polling
        let report = options.operatorLog
        var services: [any Service] = []
        for target in GatewaySettings.Systems.names {
            guard let system = settings.systems.target(target) else { continue }
            services.append(Dispatcher(
                target: target, settings: system, credentials: Dispatcher.credentials(for: target, secrets: configuration.secrets),
                oss: target == "oss" ? (oss, ossBudget) : nil, intervalMilliseconds: polling.dispatchMilliseconds, ledger: self, metrics: metrics, report: report))
        }
        for (feed, interval) in [(SIINasWire.feed, polling.siinasMilliseconds), (SIPROWire.feed, polling.siproMilliseconds)] {
            guard let system = settings.systems.target(feed.system) else { continue }
            services.append(FeedPoller(feed, target: system, credentials: Dispatcher.credentials(for: feed.system, secrets: configuration.secrets),
                                       pageSize: polling.pageSize, intervalMilliseconds: interval, ledger: self, metrics: metrics))
        }
        services.append(OSSReconciler(ledger: self, oss: oss, budget: ossBudget, metrics: metrics, polling: polling))
        services.append(OSSPuller(ledger: self, oss: oss, polling: polling))
        services.append(NIBChecker(ledger: self, oss: oss, perMinute: polling.nibChecksPerMinute))
        services.append(SLASweeper(ledger: self, intervalMilliseconds: settings.serviceLevels.sweepMilliseconds, report: report))
        services.append(RetentionService(ledger: self, settings: settings.retention, report: report))
        let group = ServiceGroup(services)
        serviceGroup.withLock { $0 = group }
        group.start()
    }

    /// One round of the OSS reconciler, on this gateway's clock and shared OSS budget, for `gerbang bench
    /// reconcile`, which runs the gateway without services and steps the clock itself: true when more is due.
    package func reconcileOSSOnce() -> Bool {
        OSSReconciler(ledger: self, oss: oss, budget: ossBudget, metrics: metrics, polling: configuration.settings.polling).runOnce()
    }

    /// Each background service ("dispatch-oss", "sweep", …) and whether its thread runs.
    public var services: [String: Bool] {
        let running = serviceGroup.withLock { $0?.running } ?? [:]
        return Dictionary(uniqueKeysWithValues: running.map { ($0.key.rawValue, $0.value) })
    }

    /// Whether the writer commits: an empty job through it, within `limit`.
    public func writerAnswers(within limit: Duration) -> Bool {
        let done = DispatchSemaphore(value: 0)
        let succeeded = Atomic<Bool>(false)
        submit({ _ in }, completion: { result in
            if case .success = result { succeeded.store(true, ordering: .relaxed) }
            done.signal()
        })
        let seconds = limit.seconds
        return done.wait(timeout: .now() + seconds) == .success && succeeded.load(ordering: .relaxed)
    }

    /// Wakes these services.
    func wake(_ services: Set<ServiceName>) {
        guard !services.isEmpty, let group = serviceGroup.withLock({ $0 }) else { return }
        for service in services { group.nudge(service) }
    }

    /// Wakes a service now.
    public func nudge(_ service: ServiceName) {
        serviceGroup.withLock { $0 }?.nudge(service)
    }

    /// Rounds a service has finished since the gateway started.
    public func rounds(of service: ServiceName) -> Int {
        serviceGroup.withLock { $0 }?.rounds(of: service) ?? 0
    }
}

/// The real clock.
public struct SystemTime: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
}

/// A read-only connection shared under a lock.
final class ReadConnection: @unchecked Sendable {
    private let database: GatewayDatabase
    private let lock = NSLock()

    init(_ database: GatewayDatabase) {
        self.database = database
    }

    func read<T>(_ body: (GatewayDatabase) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(database)
    }
}
