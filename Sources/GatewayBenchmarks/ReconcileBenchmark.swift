import Foundation
import GatewayCore
import GatewayDaemon
import GatewayDemo
import MockNationalSystems

/// `gerbang bench reconcile`: the OSS reconciler against the OSS mock with
/// thousands of permits not yet final, on a clock the benchmark steps a
/// second at a time, so hours of polling take a minute or two.
///
/// What it shows is read from the mock's journal, the other side of the wire:
/// no sliding minute has more checkLicenseStatus calls than the budget
/// (`polling.ossCallsPerMinute`), every permit is asked about, and no permit
/// waits longer than the reconciler's stated period between two checks.
public struct ReconcileBenchmark {
    public struct Options: Sendable {
        public var permits = 10_000
        /// Simulated hours the reconciler runs.
        public var hours = 8

        public init() {}
    }

    public struct Result: Sendable {
        public let permits: Int
        public let calls: Int
        public let simulatedSeconds: Int
        public let budgetPerMinute: Int
        /// The most calls the mock saw in any 60 simulated seconds.
        public let busiestMinute: Int
        /// Permits the mock was asked about at least once.
        public let permitsAsked: Int
        /// When the last permit was first asked about, in simulated seconds from the start.
        public let firstRoundSeconds: Int
        /// The longest any permit went unasked: from the start to its first check, between two checks, or from its
        /// last check to the end.
        public let longestGapSeconds: Int
        /// What the reconciler promises: max(the longest wait, permits ÷ budget minutes).
        public let statedPeriodSeconds: Int
        public let wallSeconds: Double

        public var met: Bool {
            busiestMinute <= budgetPerMinute && permitsAsked == permits && longestGapSeconds <= statedPeriodSeconds
        }
    }

    /// A clock that moves only when told: the gateway and the mock read it.
    final class SteppedTime: TimeSource, @unchecked Sendable {
        private let instant: Locked<Date>

        init(_ start: Date) { instant = Locked(start) }

        func now() -> Date { instant.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { instant.withLock { $0 += seconds } }
    }

    public let options: Options
    /// A `dataNIB` as OSS sends it, whose checklist item is copied for each permit.
    let template: JSONValue

    public init(options: Options, template: JSONValue) {
        self.options = options
        self.template = template
    }

    public func run(configFolder: String, scenariosFolder: String, folder: String, print: (String) -> Void) throws -> Result {
        let clock = SteppedTime(Date())
        var rigOptions = Rig.Options(configFolder: configFolder, scenariosFolder: scenariosFolder, databasePath: folder + "/reconcile.sqlite")
        rigOptions.clock = clock
        rigOptions.services = false
        let rig = try Rig(rigOptions)
        defer { rig.stop() }
        let permits = (0..<options.permits).map { String(format: "I-BENCH%018d", $0) }
        try seed(permits, rig: rig)
        let polling = rig.gateway.runtime.configuration.settings.polling
        let journal = rig.mock("oss").context.journal
        journal.clear()

        // The journal's length after each simulated second: a call's second is the first whose count passed it.
        let seconds = options.hours * 3600
        var countAfter: [Int] = []
        countAfter.reserveCapacity(seconds)
        let started = ContinuousClock.now
        for second in 0..<seconds {
            while rig.gateway.runtime.reconcileOSSOnce() {}
            countAfter.append(journal.count)
            clock.advance(1)
            if (second + 1) % 3600 == 0 { print("  hour \((second + 1) / 3600): \(journal.count) calls to the OSS mock") }
        }
        let wall = (ContinuousClock.now - started).seconds

        let entries = journal.entries(direction: .received)
        var asked: [String: [Int]] = [:]
        var second = 0
        for (index, entry) in entries.enumerated() {
            while countAfter[second] <= index { second += 1 }
            guard entry.target.hasSuffix("/checkLicenseStatus") else {
                throw BenchmarkFailure("the OSS mock was sent \(entry.method) \(entry.target), not only checkLicenseStatus")
            }
            let body = try JSONValue.decode(Data(entry.body.utf8))
            let idIzin = (body.field("CHECKLICENSESTATUS") ?? body).field("id_izin")?.text ?? "?"
            asked[idIzin, default: []].append(second)
        }
        var busiest = 0
        for end in 0..<seconds {
            busiest = max(busiest, countAfter[end] - (end >= 60 ? countAfter[end - 60] : 0))
        }
        let gaps = permits.map { id -> Int in
            let times = asked[id] ?? []
            let inner = zip(times.dropFirst(), times).map { $0 - $1 }.max() ?? 0
            return max(times.first ?? seconds, inner, seconds - (times.last ?? 0))
        }
        let longestWait = polling.ossCheckMaxIntervalMinutes * 60
        let round = (options.permits + polling.ossCallsPerMinute - 1) / max(1, polling.ossCallsPerMinute) * 60
        return Result(permits: options.permits, calls: entries.count, simulatedSeconds: seconds, budgetPerMinute: polling.ossCallsPerMinute,
                      busiestMinute: busiest, permitsAsked: permits.filter { asked[$0] != nil }.count,
                      firstRoundSeconds: permits.compactMap { asked[$0]?.first }.max() ?? seconds, longestGapSeconds: gaps.max() ?? 0,
                      statedPeriodSeconds: max(longestWait, round), wallSeconds: wall)
    }

    /// The same permits in the mock OSS (a scenario of NIBs with a hundred permits each, at 22: commitments
    /// pending) and in the gateway (permits with a commitment open, never asked about).
    private func seed(_ permits: [String], rig: Rig) throws {
        guard case .object(var nib) = template, let item = nib["data_checklist"]?.array?.first, case .object(var permitItem) = item else {
            throw BenchmarkFailure("the template dataNIB has no data_checklist item to copy")
        }
        var nibs: [JSONValue] = []
        for (index, chunk) in stride(from: 0, to: permits.count, by: 100).map({ Array(permits[$0..<min($0 + 100, permits.count)]) }).enumerated() {
            nib["nib"] = .string(String(format: "9%012d", index))
            nib["data_checklist"] = .array(chunk.map { id in
                permitItem["id_izin"] = .string(id)
                return .object(permitItem)
            })
            nibs.append(.object(nib))
        }
        // Ten NIBs a scenario: a request body stays under the mock's limit.
        for start in stride(from: 0, to: nibs.count, by: 10) {
            try rig.admin("oss", .post, "scenario", ["scenario": [
                "name": .string("bench-reconcile-\(start / 10)"), "oss": ["nibs": .array(Array(nibs[start..<min(start + 10, nibs.count)]))], "events": [],
            ]])
        }
        let runtime = rig.gateway.runtime
        for chunk in stride(from: 0, to: permits.count, by: 1000).map({ permits[$0..<min($0 + 1000, permits.count)] }) {
            try runtime.write { unit in
                for (offset, id) in chunk.enumerated() {
                    let nib = String(format: "9%012d", (chunk.startIndex + offset) / 100)
                    _ = try unit.database.permits.add(PermitCommitments(idIzin: id, nib: nib, kinds: [.technicalVerification], at: unit.now),
                                                      kdIzin: nil, namaIzin: nil, sop: nil, caseID: nil, at: unit.now)
                }
            }
        }
    }
}

/// A benchmark that could not run as set up, or whose result does not hold together.
public struct BenchmarkFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
