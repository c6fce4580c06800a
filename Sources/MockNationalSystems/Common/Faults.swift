import Foundation
import GatewayCore

/// What can go wrong, and how often: set through `PUT /__admin/faults`.
public struct FaultSettings: Sendable, Codable, Equatable {
    /// Every decision comes from generators seeded with this, so the same
    /// settings and the same sequence of requests give the same faults.
    public var seed: UInt64 = 1
    /// Share of requests answered with `errorStatus` in the system's reply shape.
    public var errorRate = 0.0
    public var errorStatus = 503
    /// Added before answering, for `latencyRate` of requests.
    public var latencyMilliseconds = 0
    public var latencyRate = 1.0
    /// Share of requests answered by resetting the connection.
    public var resetRate = 0.0
    /// Share of requests whose response is cut off partway through.
    public var truncateRate = 0.0
    /// Share of pushes delivered twice, and of feed pages whose cursor stops one short, so the last item comes again.
    public var duplicateRate = 0.0
    /// Feed pages come in a shuffled order.
    public var reorderFeed = false
    /// The first this many requests (of `paths`) are answered with `errorStatus`, before any rate
    /// applies: "fails three times, then works", for a test that must see exactly that.
    public var failFirst = 0
    /// Only requests whose path starts with one of these; nil for every path of the system (never the admin API).
    public var paths: [String]?

    public init() {}

    /// The first setting out of range, said plainly.
    var problem: String? {
        for (name, rate) in [("errorRate", errorRate), ("latencyRate", latencyRate), ("resetRate", resetRate),
                             ("truncateRate", truncateRate), ("duplicateRate", duplicateRate)] where !(0...1).contains(rate) {
            return "\(name) is \(rate): a rate is between 0 and 1"
        }
        if !(100...599).contains(errorStatus) { return "errorStatus \(errorStatus) is not an HTTP status" }
        if latencyMilliseconds < 0 || latencyMilliseconds > 60_000 { return "latencyMilliseconds is between 0 and 60000" }
        if failFirst < 0 { return "failFirst is \(failFirst): a count of requests, 0 or more" }
        return nil
    }
}

/// Decides, request by request, which fault (if any) to inject.
public final class FaultInjector: Sendable {
    /// What happens to one request.
    struct Decision: Equatable {
        var error = false
        var reset = false
        var truncate = false
        var latency: Duration = .zero

        var label: String? {
            if reset { return "reset" }
            if error { return "error" }
            if truncate { return "truncated" }
            return latency > .zero ? "latency" : nil
        }
    }

    private struct State {
        var settings = FaultSettings()
        // Separate streams, so the order of pushes does not change which requests fail.
        var requests = SeededRandom(seed: 1)
        var pushes = SeededRandom(seed: 2)
        var feeds = SeededRandom(seed: 3)
        /// Requests failed so far under `failFirst`.
        var failedFirst = 0
    }

    private let state = Locked(State())

    public init() {}

    public var settings: FaultSettings { state.withLock { $0.settings } }

    /// Replaces the settings and restarts the generators from the seed.
    public func configure(_ settings: FaultSettings) {
        state.withLock { state in
            state = State(settings: settings, requests: SeededRandom(seed: settings.seed),
                          pushes: SeededRandom(seed: settings.seed &+ 1), feeds: SeededRandom(seed: settings.seed &+ 2))
        }
    }

    /// Four draws per request, whatever the settings, so one kind of fault does not shift another's sequence.
    func decide(path: String) -> Decision {
        state.withLock { state in
            let settings = state.settings
            let draws = (0..<4).map { _ in state.requests.unit() }
            guard settings.paths.map({ $0.contains { path.hasPrefix($0) } }) ?? true else { return Decision() }
            var decision = Decision()
            if state.failedFirst < settings.failFirst {
                state.failedFirst += 1
                decision.error = true
                return decision
            }
            decision.reset = draws[0] < settings.resetRate
            decision.error = !decision.reset && draws[1] < settings.errorRate
            decision.truncate = !decision.reset && !decision.error && draws[2] < settings.truncateRate
            if settings.latencyMilliseconds > 0, draws[3] < settings.latencyRate {
                decision.latency = .milliseconds(settings.latencyMilliseconds)
            }
            return decision
        }
    }

    /// Whether this push goes out twice.
    func duplicatePush() -> Bool {
        state.withLock { $0.pushes.unit() < $0.settings.duplicateRate }
    }

    /// The order of a feed page, and whether its last item should come again on the next poll.
    func feedPage<T>(_ items: [T]) -> (items: [T], repeatLast: Bool) {
        let count = items.count
        let (order, repeatLast) = state.withLock { state -> ([Int], Bool) in
            var order = Array(0..<count)
            if state.settings.reorderFeed { order.shuffle(using: &state.feeds) }
            return (order, state.feeds.unit() < state.settings.duplicateRate)
        }
        return (order.map { items[$0] }, count > 0 && repeatLast)
    }
}
