import Foundation
import GatewayCore
import GatewayDaemon
import GatewayHTTP
import Glibc
import MockNationalSystems
import NationalSystems

/// `gerbang chaos`: the demo's cases by the hundred, with the mocks and the gateway in processes of their
/// own, faults on a third of the calls, the gateway killed with SIGKILL again and again and restarted on
/// its database, and one national system cut off for a stretch. It is judged by the delivery oracle from
/// the mocks' journals, and by how the cases ended, never by the gateway's own records of what it sent.
public final class ChaosRun {
    public struct Options: Sendable {
        public var configFolder: String
        public var scenariosFolder: String
        /// A folder for the database, the sync log and each process's standard error; it is created.
        public var folder: String
        /// At least this many cases: whole rounds of the demo's seventeen.
        public var cases = 1000
        public var kills = 20
        public var seed: UInt64 = 1
        public var authority: OSSAuthority = .technical
        public var workingHoursPerSecond = 4.0
        /// How long the partitioned system stays unreachable, in real seconds.
        public var partitionSeconds = 3.0
        /// The run stops, failed, after this many real seconds.
        public var timeoutSeconds = 900.0
        public var progress: @Sendable (String) -> Void = { print($0) }

        public init(configFolder: String, scenariosFolder: String, folder: String) {
            self.configFolder = configFolder
            self.scenariosFolder = scenariosFolder
            self.folder = folder
        }
    }

    /// The environment variable naming the run's pid, with which a `gerbang` it starts dies with it.
    public static let exitWithParent = "GERBANG_EXIT_WITH_PARENT"

    /// The faults each mock injects: with latency, about a third of the calls.
    public static func faults(seed: UInt64) -> JSONValue {
        ["seed": .integer(Int(seed)), "errorRate": 0.12, "errorStatus": 503, "latencyMilliseconds": 10, "latencyRate": 0.15,
         "resetRate": 0.04, "truncateRate": 0.04, "duplicateRate": 0.25, "reorderFeed": true]
    }

    let options: Options
    private var random: SeededRandom
    private let client: HTTPClient

    public init(_ options: Options) {
        self.options = options
        random = SeededRandom(seed: options.seed)
        var configuration = ClientConfiguration()
        configuration.timeout = .seconds(3)  // a partitioned mock must not hold the run up
        configuration.connectTimeout = .seconds(1)
        client = HTTPClient(configuration: configuration)
    }

    public func run() throws -> ChaosReport {
        let began = ContinuousClock.now
        let progress = options.progress
        let directory = ConfigDirectory(path: options.configFolder)
        let definitions = try directory.loadDefinitions()
        let calendar = try directory.loadCalendar()
        try FileManager.default.createDirectory(atPath: options.folder, withIntermediateDirectories: true)
        let clock = AcceleratedClock(start: DemoRun.start(calendar), workingHoursPerSecond: options.workingHoursPerSecond, calendar: calendar)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GERBANG_") }
        environment[AcceleratedClock.environmentVariable] = clock.environmentValue
        environment[Self.exitWithParent] = String(getpid())  // the children die with the run, however it ends

        // The three national systems, each a process of its own, so one can be cut off alone.
        var mocks: [String: ChildProcess] = [:]
        defer { for mock in mocks.values { mock.stop() } }
        for system in MockSystems.all {
            mocks[system] = try ChildProcess(
                name: system, arguments: ["mock", system, "--port", "0", "--config", options.configFolder, "--scenarios", options.scenariosFolder],
                environment: environment, log: options.folder + "/mock-\(system).log")
        }
        let url = { (system: String) in mocks[system]?.urls[system] ?? "" }
        try admin(url("siinas"), .put, "config", ["ossURL": .string(url("oss"))])
        // The real OSS has no idempotency (oss-rba.md §1.9): a status told twice must show as told twice.
        try admin(url("oss"), .put, "config", ["idempotencyMemory": false, "agencyAuthority": .string(options.authority.rawValue)])
        // No receiver remembers keys: what arrives once, the gateway sent once (it asks before any resend).
        for system in ["siinas", "sipro"] { try admin(url(system), .put, "config", ["idempotencyMemory": false]) }
        for (index, system) in MockSystems.all.enumerated() {
            try admin(url(system), .put, "faults", Self.faults(seed: options.seed &+ UInt64(index)))
        }

        var gatewayEnvironment = environment.merging([
            "GERBANG_LISTEN_PORT": "0", "GERBANG_DATABASE": options.folder + "/gerbang.sqlite", "GERBANG_SYNC_LOG_STDOUT": "false",
            "GERBANG_SYNC_LOG_FILE": options.folder + "/sync-log.jsonl",
            "GERBANG_SYSTEMS_OSS_URL": url("oss"), "GERBANG_SYSTEMS_SIINAS_URL": url("siinas"),
            "GERBANG_SYSTEMS_SIPRO_URL": url("sipro"), "GERBANG_SYSTEMS_DPMPTSP_URL": url("sipro"),
            "GERBANG_POLLING_OSS_PULL_MILLISECONDS": "2000", "GERBANG_AGENCY_AUTHORITY": options.authority.rawValue,
        ].merging(DemoRun.pace) { given, _ in given }) { _, given in given }
        let gatewayArguments = ["serve", "--config", options.configFolder + "/gerbang.json"]
        let gatewayLog = options.folder + "/gateway.log"
        var gateway = try ChildProcess(name: "gateway", arguments: gatewayArguments, environment: gatewayEnvironment, log: gatewayLog)
        defer { gateway.stop() }
        let gatewayURL = gateway.urls["gateway"] ?? ""
        // Restarts listen where the mocks push.
        gatewayEnvironment["GERBANG_LISTEN_PORT"] = String(gatewayURL.split(separator: ":").last ?? "0")
        for system in MockSystems.all { try admin(url(system), .put, "config", ["agencyURL": .string(gatewayURL)]) }

        let rounds = max(1, (options.cases + DemoScript.cases.count - 1) / DemoScript.cases.count)
        let cases = DemoScript.cases(rounds: rounds)
        progress("Gerbang chaos: \(cases.count) cases (\(rounds) rounds of the demo's \(DemoScript.cases.count)), \(options.kills) kills, "
                 + "seed \(options.seed), as a \(options.authority.rawValue) agency; mocks and gateway in their own processes on 127.0.0.1; "
                 + "files in \(options.folder)")
        let api: @Sendable (HTTPMethod, String, String?, [UInt8]) throws -> ClientResponse = { [client] method, path, token, body in
            var headers: HTTPHeaders = ["Content-Type": "application/json"]
            if let token { headers.add("Authorization", "Bearer " + token) }
            return try client.send(ClientRequest(method: method, url: gatewayURL + path, headers: headers, body: body))
        }
        let desk = OfficerDesk(definitions: definitions, pace: .immediate, api: api)
        for planned in cases { desk.plan(planned.reference, planned.plan) }
        let applicant = Applicant(read: { path in try api(.get, path, "dev-admin", []) },
                                  post: { [self] system, event in try admin(url(system), .post, "events", event) },
                                  pacer: nil, definitions: definitions)
        let byLaw = ApprovalByLaw(cases: cases) { [self] system, event in try admin(url(system), .post, "events", event) }

        var loads = DemoScript.loads(for: cases)[...]
        var unsentNIBs: [String] = []  // NIBs whose push OSS could not deliver: the operator asks the gateway to pull them
        var pulled = 0, recoveredByGateway = 0
        var kills = 0, restarts = 0
        var partition: ChaosReport.Partition?
        var partitioned: (system: String, until: ContinuousClock.Instant)?
        // Kills come after a random number of rounds, often right after officers' decisions committed and their messages left.
        var nextKill = Int(random.next() % 12) + 3
        var round = 0
        var finished = false
        while ContinuousClock.now - began < .seconds(options.timeoutSeconds) {
            round += 1
            for (scenario, copy) in loads.prefix(12) {
                // A mock out of reach (the partition): this copy and the rest wait for the next round.
                guard let nib = try load(scenario, copy: copy, urls: url) else { break }
                if !nib.isEmpty { unsentNIBs.append(nib) }
                loads.removeFirst()
            }
            let made = (try? desk.work()) ?? []
            let tasks = try? APIListing.all("/api/cases", key: "cases") { try api(.get, $0, "dev-admin", []) }
            if let tasks { _ = applicant.act(on: tasks) + byLaw.act(on: tasks) }
            unsentNIBs.removeAll { nib in
                guard let asked = try? api(.post, "/api/oss/nibs/\(nib)/pull", "dev-admin", []), (200..<300).contains(asked.status.code) else {
                    return false
                }
                pulled += 1
                // "unchanged": the gateway already had the NIB, from a pull of its own after the restart.
                if (try? JSONValue.decode(Data(asked.body)))?.field("outcome") == "unchanged" { recoveredByGateway += 1 }
                return true
            }

            if kills < options.kills, round >= nextKill, !made.isEmpty || round >= nextKill + 5 {
                gateway.kill()
                kills += 1
                gateway = try restart(arguments: gatewayArguments, environment: gatewayEnvironment, log: gatewayLog)
                restarts += 1
                nextKill = round + Int(random.next() % 12) + 3
                progress("  kill \(kills) of \(options.kills) after round \(round) (\(made.count) decisions just made); restarted")
            }
            if partition == nil, kills >= options.kills / 2 {
                let system = MockSystems.all[Int(random.next() % UInt64(MockSystems.all.count))]
                mocks[system]?.signal(SIGSTOP)
                partitioned = (system, ContinuousClock.now + .milliseconds(Int(options.partitionSeconds * 1000)))
                partition = ChaosReport.Partition(system: system, seconds: options.partitionSeconds)
                progress("  \(system) unreachable for \(Int(options.partitionSeconds)) s (SIGSTOP)")
            }
            if let cut = partitioned, ContinuousClock.now >= cut.until {
                mocks[cut.system]?.signal(SIGCONT)
                partitioned = nil
                progress("  \(cut.system) reachable again")
            }
            if loads.isEmpty, kills >= options.kills, partitioned == nil, unsentNIBs.isEmpty, let tasks,
               tasks.count >= cases.count, tasks.allSatisfy({ $0.field("status") == "ended" }),
               let health = try? JSONValue.decode(Data(api(.get, "/api/health", "dev-admin", []).requireSuccess().body)),
               health.field("outboxPending") == 0 {
                finished = true
                break
            }
            if made.isEmpty { Thread.sleep(forTimeInterval: 0.02) }  // the run's own pace when nothing moved
        }
        if let cut = partitioned { mocks[cut.system]?.signal(SIGCONT) }

        // The judgement: from the other side.
        var journals: [String: [Journal.Entry]] = [:]
        var requests = 0, faulted = 0, journalsComplete = true
        for system in MockSystems.all {
            // A long journal takes a while to serialise: this one request may take longer than the run's 3 s.
            let answer = try client.send(ClientRequest(url: url(system) + "/__admin/journal?direction=received", timeout: .seconds(120)))
                .requireSuccess()
            // Kept beside the database, so whoever reads the report can look up each arrival.
            try Data(answer.body).write(to: URL(fileURLWithPath: options.folder + "/journal-\(system).json"))
            struct Page: Decodable {
                let entries: [Journal.Entry]
                let dropped: Int
            }
            let page = try JSONDecoder().decode(Page.self, from: Data(answer.body))
            journals[system] = page.entries
            requests += page.entries.count
            faulted += page.entries.filter { !($0.fault ?? "").isEmpty }.count
            if page.dropped > 0 { journalsComplete = false }
        }
        // Read back, not assumed: the proof holds only if no mock hid a repeat.
        let receiversDeduplicate = try MockSystems.all.contains { system in
            try admin(url(system), .get, "config", .null).field("idempotencyMemory") != false
        }
        let health = try JSONValue.decode(Data(api(.get, "/api/health", "dev-admin", []).requireSuccess().body))
        let deadLetters = health.field("deadLetters")?.text.flatMap(Int.init) ?? -1
        let siinasCode = MockSettings().siinasInstansiCode
        let judged = DeliveryOracle(siinasInstansiCode: siinasCode).judge(expected: cases.flatMap { $0.deliveries(as: options.authority) },
                                                                        journals: journals)
        let listed = try APIListing.all("/api/cases", key: "cases") { try api(.get, $0, "dev-admin", []) }
        let byReference = Dictionary(grouping: listed, by: { $0.field("reference")?.text ?? "" })
        let notAsPlanned = cases.compactMap { planned -> String? in
            let found = byReference[planned.reference] ?? []
            guard found.count == 1, let only = found.first else { return "\(planned.reference): \(found.count) cases" }
            let outcome = only.field("outcome")?.text
            return outcome == planned.outcome.rawValue ? nil
                : "\(only.field("id")?.text ?? planned.reference): \(outcome ?? "not ended"), planned \(planned.outcome.rawValue)"
        }
        return ChaosReport(
            seed: options.seed, authority: options.authority.rawValue, cases: cases.count, finished: finished, kills: kills, restarts: restarts,
            partition: partition, requestsToMocks: requests, faultedRequests: faulted, journalsComplete: journalsComplete,
            nibsPulledAfterLostPush: pulled, nibsRecoveredByGateway: recoveredByGateway, receiversDeduplicate: receiversDeduplicate,
            deadLetters: deadLetters, deliveries: judged, casesAsPlanned: cases.count - notAsPlanned.count,
            casesNotAsPlanned: Array(notAsPlanned.prefix(20)), seconds: ((ContinuousClock.now - began).seconds * 10).rounded() / 10,
            folder: options.folder)
    }

    /// Loads a scenario copy into the three mocks, which send its first notifications. Returns the copy's NIB
    /// when OSS could not push it (the gateway was down: the operator then asks for a pull), "" when it could,
    /// nil when a mock could not be reached (partitioned: tried again next round).
    private func load(_ scenario: String, copy: Int, urls: (String) -> String) throws -> String? {
        let file = options.scenariosFolder + "/\(scenario).json"
        guard let data = FileManager.default.contents(atPath: file) else {
            throw DemoError(message: "\(file) cannot be read: the chaos run's cases come from the shipped scenarios (fixtures/scenarios)")
        }
        let copied = try ScenarioCopies.copy(try JSONValue.decode(data), number: copy)
        var unsent = ""
        for system in MockSystems.all {
            guard let answer = try? admin(urls(system), .post, "scenario", ["scenario": copied, "emit": true]) else { return nil }
            guard system == "oss", let nib = copied.field("oss")?.field("nibs")?.array?.first?.field("nib")?.text else { continue }
            let statuses = (answer.field("emitted")?.array ?? []).flatMap { $0.field("deliveries")?.array ?? [] }
                .compactMap { $0.field("status")?.text.flatMap(Int.init) }
            if !statuses.contains(where: { (200..<300).contains($0) }) { unsent = nib }
        }
        return unsent
    }

    /// Starts the gateway again on its database and port; the port may take a moment to be free after a kill.
    private func restart(arguments: [String], environment: [String: String], log: String) throws -> ChildProcess {
        var lastError: any Error = DemoError(message: "the gateway did not restart")
        for _ in 0..<5 {
            do {
                return try ChildProcess(name: "gateway", arguments: arguments, environment: environment, log: log)
            } catch {
                lastError = error
                Thread.sleep(forTimeInterval: 0.2)  // a restart's back-off
            }
        }
        throw lastError
    }

    @discardableResult
    private func admin(_ base: String, _ method: HTTPMethod, _ path: String, _ body: JSONValue) throws -> JSONValue {
        let answer = try client.send(ClientRequest(method: method, url: base + "/__admin/" + path, headers: ["Content-Type": "application/json"],
                                                   body: Array(body.encoded()))).requireSuccess()
        return (try? JSONValue.decode(Data(answer.body))) ?? .null
    }
}
