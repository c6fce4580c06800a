import Foundation
import GatewayCore
import GatewayHTTP
import NationalSystems

/// Remembers the answer to each request that carried an `Idempotency-Key`,
/// so that a client retrying after a lost reply gets the same answer and the
/// work is not done twice (the header as the IETF httpapi draft and Stripe
/// use it). A key reused for a different request is refused with 422.
///
/// SIINas and SIPRO are our design, so the mocks honour it; the real OSS
/// defines no idempotency (oss-rba.md §1.9), and its mock honours it only so
/// a demo can count deliveries by key. Kept in memory: a restarted mock forgets.
final class IdempotencyCache: Sendable {
    enum Lookup {
        case miss
        case hit(HTTPResponse)
        case mismatch
    }

    private struct Stored {
        let fingerprint: String
        let response: HTTPResponse
    }

    private let stored = Locked<[String: Stored]>([:])
    private let handling = KeyedExclusion()

    static let header = "Idempotency-Key"
    /// Set by a handler to say, in the journal, what it did beyond the usual; taken off the answer.
    static let noteHeader = "X-Mock-Note"

    static func fingerprint(_ request: HTTPRequest) -> String {
        "\(request.method) \(request.path) " + Digest.sha256Hex(request.body)
    }

    func lookup(_ key: String, for request: HTTPRequest) -> Lookup {
        guard let found = stored.withLock({ $0[key] }) else { return .miss }
        return found.fingerprint == Self.fingerprint(request) ? .hit(found.response) : .mismatch
    }

    /// Runs `body` (look up, handle, remember) alone among requests with the same key: a client that
    /// sends again while its first try is still being handled (a gateway restarted after a crash, a first
    /// try slowed by injected latency) waits for it and gets its answer, instead of having it done twice.
    func exclusively<T>(_ key: String?, _ body: () throws -> T) rethrows -> T {
        guard let key else { return try body() }
        handling.enter(key)
        defer { handling.leave(key) }
        return try body()
    }

    /// Keeps a successful answer; a failed one is not kept, so a retry runs again.
    func remember(_ key: String, for request: HTTPRequest, response: HTTPResponse) {
        guard (200..<300).contains(response.status.code) else { return }
        stored.withLock { $0[key] = Stored(fingerprint: Self.fingerprint(request), response: response) }
    }
}

/// Keys under way: `enter` waits while another thread holds the same key.
private final class KeyedExclusion: @unchecked Sendable {
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var held: Set<String> = []

    func enter(_ key: String) {
        condition.lock()
        while held.contains(key) { condition.wait() }
        held.insert(key)
        condition.unlock()
    }

    func leave(_ key: String) {
        condition.lock()
        held.remove(key)
        condition.broadcast()
        condition.unlock()
    }
}
