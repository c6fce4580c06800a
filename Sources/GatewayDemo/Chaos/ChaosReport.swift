import Foundation

/// How a chaos run went, judged from the national systems' side.
public struct ChaosReport: Codable, Sendable {
    public struct Partition: Codable, Sendable, Equatable {
        public let system: String
        public let seconds: Double
    }

    public let seed: UInt64
    public let authority: String
    public let cases: Int
    /// Every case ended and nothing was left to send before the time limit.
    public let finished: Bool
    public let kills: Int
    public let restarts: Int
    public let partition: Partition?
    /// Requests the mocks received, and how many of them an injected fault touched.
    public let requestsToMocks: Int
    public let faultedRequests: Int
    /// Whether the mocks' journals still hold the run's first request (none dropped for room).
    public let journalsComplete: Bool
    /// NIBs OSS could not push while the gateway was down, which the harness (as an operator) had the gateway pull,
    /// and of those, the ones the gateway had already recovered by itself when asked ("unchanged": its own pull).
    public let nibsPulledAfterLostPush: Int
    public let nibsRecoveredByGateway: Int
    /// Whether any mock kept its idempotency-key memory on (read back from the mocks at the end): false means
    /// "arrived once" is the gateway's doing alone.
    public let receiversDeduplicate: Bool
    /// Messages the gateway gave up on, by its health API: no plan has one.
    public let deadLetters: Int
    /// Per national system: expected, arrived once, more than once, missing, unplanned.
    public let deliveries: DeliveryOracle.Report
    public let casesAsPlanned: Int
    public let casesNotAsPlanned: [String]
    public let seconds: Double
    public let folder: String

    public var faultShare: Double { requestsToMocks == 0 ? 0 : Double(faultedRequests) / Double(requestsToMocks) }

    public var ok: Bool {
        finished && journalsComplete && !receiversDeduplicate && deadLetters == 0 && deliveries.perfect && casesNotAsPlanned.isEmpty
            && casesAsPlanned == cases
    }

    /// The report as people read it.
    public var text: String {
        var lines = ["", "Chaos run, seed \(seed), \(authority) agency: \(cases) cases in \(seconds) s"]
        lines.append("  \(kills) kills (SIGKILL) and \(restarts) restarts on the same database; "
                     + (partition.map { "\($0.system) unreachable for \($0.seconds) s" } ?? "no partition"))
        lines.append("  faults on \(faultedRequests) of \(requestsToMocks) requests to the mocks (\(Int((faultShare * 100).rounded())) %); "
                     + "\(nibsPulledAfterLostPush) NIB pushes lost to a kill, pulled at the operator's request, "
                     + "\(nibsRecoveredByGateway) of them already recovered by the gateway itself")
        lines.append("  receivers deduplicate: " + (receiversDeduplicate ? "YES (a mock kept its key memory: the proof leans on it)" : "no (every mock's key memory off)")
                     + "; dead letters: \(deadLetters)")
        lines.append("  system     expected  arrived once  more than once  duplicates  missing  unplanned  refused")
        for (target, report) in deliveries.targets.sorted(by: { $0.key < $1.key }) {
            lines.append("  " + target.padding(toLength: 9, withPad: " ", startingAt: 0)
                         + [report.expected, report.arrivedOnce, report.arrivedMoreThanOnce, report.duplicates, report.missing, report.unexpected,
                            report.refused]
                            .enumerated().map { String($1).leftPadded([10, 14, 16, 12, 9, 11, 9][$0]) }.joined())
        }
        for example in deliveries.missing { lines.append("  missing: \(example)") }
        for example in deliveries.duplicated { lines.append("  more than once: \(example)") }
        for example in deliveries.unexpected { lines.append("  unplanned: \(example)") }
        for example in deliveries.refused { lines.append("  refused: \(example)") }
        lines.append("  cases ended as planned: \(casesAsPlanned) of \(cases)")
        for example in casesNotAsPlanned { lines.append("  not as planned: \(example)") }
        if !journalsComplete { lines.append("  the mocks' journals dropped early entries: the judgement is incomplete") }
        if !finished { lines.append("  the run did not finish within its time limit") }
        lines.append("  files: \(folder)")
        lines.append(ok ? "chaos passed" : "chaos FAILED")
        return lines.joined(separator: "\n")
    }
}
