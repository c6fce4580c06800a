import Foundation
import GatewayCore

/// What the gateway counts as it runs, for `/metrics`: deliveries by system and
/// outcome with their latency, and when each feed was last read. What the
/// database already holds (queue depths, cases, breaches) is read at scrape
/// time instead, so it survives restarts; these counters start at zero with the
/// process, which Prometheus reads as a counter reset.
public final class GatewayMetrics: Sendable {
    /// Upper bounds of the delivery latency histogram, in seconds.
    public static let latencyBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// The feed each system is read through, as the pollers count it (the SIINas and SIPRO feeds' names are also their cursors').
    public static let feeds = ["oss": "oss.checkLicenseStatus", "siinas": "siinas.feed", "sipro": "sipro.feed"]

    public struct Histogram: Sendable, Equatable {
        /// Observations at or under each bound of ``GatewayMetrics/latencyBuckets``, cumulative as Prometheus wants them.
        public var cumulative: [Int] = Array(repeating: 0, count: GatewayMetrics.latencyBuckets.count)
        public var count = 0
        public var sum = 0.0

        mutating func observe(_ seconds: Double) {
            for (index, bound) in GatewayMetrics.latencyBuckets.enumerated() where seconds <= bound { cumulative[index] += 1 }
            count += 1
            sum += seconds
        }
    }

    private struct State {
        var deliveries: [String: [String: Int]] = [:]
        var latency: [String: Histogram] = [:]
        var lastPoll: [String: Date] = [:]
    }

    private let state = Locked(State())

    public init() {}

    /// One delivery attempt to `system` ended `outcome` (delivered, retrying, dead) after `seconds`.
    func delivery(system: String, outcome: String, seconds: Double) {
        state.withLock { state in
            state.deliveries[system, default: [:]][outcome, default: 0] += 1
            state.latency[system, default: Histogram()].observe(seconds)
        }
    }

    /// A feed was read successfully (with or without new items).
    func polled(feed: String, at time: Date) {
        state.withLock { $0.lastPoll[feed] = time }
    }

    /// Attempts by system, then outcome.
    public var deliveries: [String: [String: Int]] { state.withLock { $0.deliveries } }
    public var latency: [String: Histogram] { state.withLock { $0.latency } }
    /// When each feed was last read successfully.
    public var lastPoll: [String: Date] { state.withLock { $0.lastPoll } }
}
