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
    /// NIBs OSS could not push while the gateway was down, which the operator had the gateway pull.
    public let nibsPulledAfterLostPush: Int
    /// Per national system: expected, arrived once, more than once, missing, unplanned.
    public let deliveries: DeliveryOracle.Report
    public let casesAsPlanned: Int
    public let casesNotAsPlanned: [String]
    public let seconds: Double
    public let folder: String

    public var faultShare: Double { requestsToMocks == 0 ? 0 : Double(faultedRequests) / Double(requestsToMocks) }

    public var ok: Bool {
        finished && journalsComplete && deliveries.perfect && casesNotAsPlanned.isEmpty && casesAsPlanned == cases
    }

    /// The report as people read it.
    public var text: String {
        var lines = ["", "Chaos run, seed \(seed), \(authority) agency: \(cases) cases in \(seconds) s"]
        lines.append("  \(kills) kills (SIGKILL) and \(restarts) restarts on the same database; "
                     + (partition.map { "\($0.system) unreachable for \($0.seconds) s" } ?? "no partition"))
        lines.append("  faults on \(faultedRequests) of \(requestsToMocks) requests to the mocks (\(Int((faultShare * 100).rounded())) %); "
                     + "\(nibsPulledAfterLostPush) NIB pushes lost to a kill, pulled by the operator's request")
        lines.append("  system     expected  arrived once  more than once  duplicates  missing  unplanned")
        for (target, report) in deliveries.targets.sorted(by: { $0.key < $1.key }) {
            lines.append("  " + target.padding(toLength: 9, withPad: " ", startingAt: 0)
                         + [report.expected, report.arrivedOnce, report.arrivedMoreThanOnce, report.duplicates, report.missing, report.unexpected]
                            .enumerated().map { String($1).leftPadded([10, 14, 16, 12, 9, 11][$0]) }.joined())
        }
        for example in deliveries.missing { lines.append("  missing: \(example)") }
        for example in deliveries.duplicated { lines.append("  more than once: \(example)") }
        for example in deliveries.unexpected { lines.append("  unplanned: \(example)") }
        lines.append("  cases ended as planned: \(casesAsPlanned) of \(cases)")
        for example in casesNotAsPlanned { lines.append("  not as planned: \(example)") }
        if !journalsComplete { lines.append("  the mocks' journals dropped early entries: the judgement is incomplete") }
        if !finished { lines.append("  the run did not finish within its time limit") }
        lines.append("  files: \(folder)")
        lines.append(ok ? "chaos passed" : "chaos FAILED")
        return lines.joined(separator: "\n")
    }
}
