import Foundation
import GatewayCore
import GatewayDaemon
import GatewayHTTP
import GatewayStore
import MockNationalSystems
import NationalSystems

/// `gerbang demo`: the three mocks and the gateway on loopback with a fresh
/// database, the scripted cases of all five SOPs brought in by the mocks,
/// officers deciding through the API and applicants acting in the national
/// systems, faults on, on an accelerated clock. It ends with a summary that
/// it checks against the mocks' journals and the script.
public final class DemoRun {
    public struct Options: Sendable {
        public var configFolder: String
        public var scenariosFolder: String
        /// A folder for the database and the sync log; it is created.
        public var folder: String
        public var workingHoursPerSecond = 4.0
        public var faults = true
        public var seed: UInt64 = 7
        /// The agency the gateway runs as: a Dinas teknis (the SOPs' own) or a DPMPTSP.
        public var authority: OSSAuthority = .technical
        /// The officers decide through the desk's pages in a browser's way (`--officers browser`), not the API.
        public var officersInBrowser = false
        /// The run stops, failed, after this many real seconds.
        public var timeoutSeconds = 180.0
        /// Where progress lines go.
        public var progress: @Sendable (String) -> Void = { print($0) }
        /// Called with the summary and the gateway's URL while the mocks and the gateway still run
        /// (`--keep-running` shows the summary and waits here for a signal).
        public var whileRunning: (@Sendable (DemoSummary, String) -> Void)?

        public init(configFolder: String, scenariosFolder: String, folder: String) {
            self.configFolder = configFolder
            self.scenariosFolder = scenariosFolder
            self.folder = folder
        }
    }

    /// The faults each mock injects by default: errors, latency, lost replies, duplicate deliveries.
    public static func faults(seed: UInt64) -> JSONValue {
        ["seed": .integer(Int(seed)), "errorRate": 0.1, "errorStatus": 503, "latencyMilliseconds": 15, "latencyRate": 0.2,
         "resetRate": 0.03, "truncateRate": 0.03, "duplicateRate": 0.25]
    }

    /// Polling, dispatch and sweeps in tenths of a second, for a clock that runs hours a second.
    static let pace = [
        "GERBANG_POLLING_SIINAS_MILLISECONDS": "100", "GERBANG_POLLING_SIPRO_MILLISECONDS": "100",
        "GERBANG_POLLING_OSS_RECONCILE_MILLISECONDS": "150", "GERBANG_POLLING_DISPATCH_MILLISECONDS": "20",
        "GERBANG_SERVICE_LEVELS_SWEEP_MILLISECONDS": "50",
        // A clock that runs hours a second and leaps nights and weekends puts days between a SIINas push and its check:
        // the freshness window is a month here (real clocks keep it at 15 minutes).
        "GERBANG_SECURITY_SIINAS_FRESHNESS_MINUTES": "43200",
        // The same clock spends documents.linkDays (90) in seconds at a high --speed, before the run ends and OSS's papers
        // are fetched to be judged: a link lives ten years here, so what the run proves does not depend on its pace.
        "GERBANG_DOCUMENTS_LINK_DAYS": "3650",
    ]

    /// Thursday 17 December 2026, 08:00 in Jakarta: the run crosses cuti bersama (24 December), Natal and weekends.
    public static func start(_ calendar: WorkCalendar) -> Date {
        calendar.instant(LocalDate(year: 2026, month: 12, day: 17)!, seconds: 8 * 3600)
    }

    let options: Options

    public init(_ options: Options) {
        self.options = options
    }

    public func run() throws -> DemoSummary {
        let directory = ConfigDirectory(path: options.configFolder)
        let definitions = try directory.loadDefinitions()
        let calendar = try directory.loadCalendar()
        let clock = AcceleratedClock(start: Self.start(calendar), workingHoursPerSecond: options.workingHoursPerSecond, calendar: calendar)
        try FileManager.default.createDirectory(atPath: options.folder, withIntermediateDirectories: true)
        var rigOptions = Rig.Options(configFolder: options.configFolder, scenariosFolder: options.scenariosFolder,
                                     databasePath: options.folder + "/gerbang.sqlite")
        rigOptions.clock = clock
        rigOptions.overrides = Self.pace.merging([
            "GERBANG_SYNC_LOG_FILE": options.folder + "/sync-log.jsonl", "GERBANG_AGENCY_AUTHORITY": options.authority.rawValue,
        ]) { _, given in given }
        // The demo's clock leaps nights and weekends in a moment: a browser's session lasts the longest the settings allow
        // (30 days of the demo's clock), and its officers log in again when one ends all the same (DeskBrowser).
        if options.officersInBrowser { rigOptions.overrides["GERBANG_STATUS_PAGE_SESSION_MINUTES"] = "43200" }
        let progress = options.progress
        rigOptions.operatorLog = { line in progress("  gateway: \(line)") }
        let rig = try Rig(rigOptions)
        defer { rig.stop() }
        let began = ContinuousClock.now

        progress("Gerbang demo: mocks of OSS, SIINas and SIPRO and the gateway on 127.0.0.1, database \(rigOptions.databasePath)")
        progress("status page: \(rig.gateway.url)/")
        progress("the agency: \(options.authority.title), telling OSS only \(options.authority.ownCodes.map(\.code).sorted().joined(separator: ", "))")
        progress("clock from \(JakartaTime.iso(clock.start)) at \(Self.number(options.workingHoursPerSecond)) working hours per second; "
                 + (options.faults ? "faults on (errors, latency, lost replies, duplicate deliveries)" : "faults off"))
        // The real OSS defines no idempotency (oss-rba.md §1.9), and no receiver is trusted to: every mock forgets keys, so
        // a message sent twice shows as two arrivals; the gateway asks each receiver before it sends again.
        for system in ["oss", "siinas", "sipro"] { try rig.admin(system, .put, "config", ["idempotencyMemory": false]) }
        if options.faults {
            for (index, system) in MockSystems.all.enumerated() {
                try rig.admin(system, .put, "faults", Self.faults(seed: options.seed &+ UInt64(index)))
            }
        }
        let pacer = Pacer(calendar: calendar, clock: clock, seed: options.seed, lateShare: 0.12)
        let desk = rig.desk(pace: .paced(pacer), inBrowser: options.officersInBrowser)
        for demoCase in DemoScript.cases { desk.plan(demoCase.reference, demoCase.plan) }
        let applicant = Applicant(rig: rig, pacer: pacer, definitions: definitions)
        let byLaw = ApprovalByLaw(cases: DemoScript.cases) { system, event in try rig.admin(system, .post, "events", event) }
        try load(into: rig)
        progress("\(DemoScript.cases.count) cases on their way: \(Dictionary(grouping: DemoScript.cases, by: \.sop).map { "\($0.value.count) \($0.key)" }.sorted().joined(separator: ", "))")
        progress("")

        var shown: [String: String] = [:]
        var finished = false
        while ContinuousClock.now - began < .seconds(options.timeoutSeconds) {
            let tasks = try APIListing.all("/api/cases", key: "cases") { try rig.api(.get, $0) }
            show(tasks, shown: &shown, at: clock.now())
            if tasks.count >= DemoScript.cases.count, tasks.allSatisfy({ $0.field("status") == "ended" }),
               try rig.gateway.runtime.read({ try $0.outbox.counts()[.pending] ?? 0 }) == 0 {
                finished = true
                break
            }
            _ = try desk.work()
            for line in applicant.act(on: tasks) + byLaw.act(on: tasks) { progress("\(Self.clockText(clock.now()))  \(line)") }
            Thread.sleep(forTimeInterval: 0.02)  // the demo's own pace: a round of officers and applicants every 20 ms
        }
        let elapsed = ContinuousClock.now - began
        let seconds = elapsed.seconds
        let summary = try DemoSummary.make(rig: rig, finished: finished, clockStart: clock.start, clockEnd: clock.now(),
                                           workingHoursPerSecond: options.workingHoursPerSecond, faults: options.faults, seconds: seconds,
                                           folder: options.folder, authority: options.authority, plannedLate: pacer.plannedLate)
        options.whileRunning?(summary, rig.gateway.url)
        return summary
    }

    /// Loads each scenario copy into the three mocks, which then send its first notifications.
    private func load(into rig: Rig) throws {
        for (scenario, copy) in DemoScript.loads {
            let file = options.scenariosFolder + "/\(scenario).json"
            guard let data = FileManager.default.contents(atPath: file) else {
                throw DemoError(message: "\(file) cannot be read: the demo's cases come from the shipped scenarios (fixtures/scenarios)")
            }
            let copied = try ScenarioCopies.copy(try JSONValue.decode(data), number: copy)
            for system in MockSystems.all {
                try rig.admin(system, .post, "scenario", ["scenario": copied, "emit": true])
            }
        }
    }

    /// Prints a line for each case that moved since the last round.
    private func show(_ tasks: [JSONValue], shown: inout [String: String], at now: Date) {
        for task in tasks {
            guard let id = task.field("id")?.text else { continue }
            let state: String
            if task.field("status") == "ended" {
                state = "ended \(task.field("outcome")?.text ?? "")"
            } else {
                let step = task.field("step")?.text ?? "?"
                let who = task.field("roleTitle")?.text ?? task.field("role")?.text ?? ""
                let late = task.field("deadlinePassed") == true ? "  (late: escalated)" : ""
                state = "step \(step): \(who)\(late)"
            }
            guard shown[id] != state else { continue }
            shown[id] = state
            let sop = (task.field("sop")?.text ?? "").padding(toLength: 37, withPad: " ", startingAt: 0)
            options.progress("\(Self.clockText(now))  \(id)  \(sop)  \(state)")
        }
    }

    /// "Thu 17 Dec 09:12", the demo clock as people read it.
    static func clockText(_ instant: Date) -> String {
        TimeText.wallClock(instant, in: JakartaTime.zone)
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}

/// Why the demo could not run at all (as opposed to a run whose checks failed).
public struct DemoError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
