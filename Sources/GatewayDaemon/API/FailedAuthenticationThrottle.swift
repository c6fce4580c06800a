import GatewayCore

/// Counts failed authentications per client address and refuses an address
/// that fails too often: after `limitPerMinute` failures within a minute it
/// gets 429 with Retry-After for `block`, while every other client is served
/// as before. Time is the monotonic clock's, passed in, so a test moves it.
final class FailedAuthenticationThrottle: Sendable {
    struct Policy: Equatable {
        var limitPerMinute: Int
        var block: Duration
    }

    private struct Client {
        /// Failures within the last minute, oldest first.
        var failures: [ContinuousClock.Instant] = []
        var blockedUntil: ContinuousClock.Instant?

        func isBlocked(at now: ContinuousClock.Instant) -> Bool {
            blockedUntil.map { $0 > now } ?? false
        }
    }

    /// Addresses remembered at most, so a flood from many addresses cannot grow the table without end.
    let capacity: Int
    private let clients = Locked<[String: Client]>([:])
    private static let window: Duration = .seconds(60)

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// How long `client` is still refused, or nil when it may try.
    func refusal(for client: String, at now: ContinuousClock.Instant) -> Duration? {
        clients.withLock { clients in
            guard let until = clients[client]?.blockedUntil, until > now else { return nil }
            return until - now
        }
    }

    /// Counts one failure; true when it is the one that blocks the address.
    func fail(_ client: String, at now: ContinuousClock.Instant, policy: Policy) -> Bool {
        clients.withLock { clients in
            var record = clients[client] ?? Client()
            record.failures.removeAll { now - $0 >= Self.window }
            record.failures.append(now)
            var blocked = false
            if record.failures.count >= policy.limitPerMinute, !record.isBlocked(at: now) {
                record.blockedUntil = now + policy.block
                record.failures.removeAll()
                blocked = true
            }
            clients[client] = record
            if clients.count > capacity { Self.forget(in: &clients, at: now, keeping: capacity) }
            return blocked
        }
    }

    /// Addresses remembered now.
    var count: Int { clients.withLock { $0.count } }

    /// Drops what no longer matters (no failure within the window, no block in force), then, if a
    /// flood still fills the table, the clients whose last failure is oldest. Blocks are kept first.
    private static func forget(in clients: inout [String: Client], at now: ContinuousClock.Instant, keeping capacity: Int) {
        clients = clients.filter { _, record in
            record.isBlocked(at: now) || record.failures.contains { now - $0 < window }
        }
        guard clients.count > capacity else { return }
        let ranked = clients.sorted { left, right in
            let leftBlocked = left.value.isBlocked(at: now), rightBlocked = right.value.isBlocked(at: now)
            if leftBlocked != rightBlocked { return leftBlocked }
            return (left.value.failures.last ?? now) > (right.value.failures.last ?? now)
        }
        clients = Dictionary(uniqueKeysWithValues: ranked.prefix(capacity).map { ($0.key, $0.value) })
    }
}
