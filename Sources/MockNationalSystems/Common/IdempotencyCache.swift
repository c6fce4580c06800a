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

    static let header = "Idempotency-Key"
    /// Set by a handler that recognised a request by its content as one it already did (SIINas: the same BAP
    /// again) and answered as before: journalled as a replay, so a repeat counts once however it was caught.
    static let repeatHeader = "X-Mock-Repeat"

    static func fingerprint(_ request: HTTPRequest) -> String {
        "\(request.method) \(request.path) " + Digest.sha256Hex(request.body)
    }

    func lookup(_ key: String, for request: HTTPRequest) -> Lookup {
        guard let found = stored.withLock({ $0[key] }) else { return .miss }
        return found.fingerprint == Self.fingerprint(request) ? .hit(found.response) : .mismatch
    }

    /// Keeps a successful answer; a failed one is not kept, so a retry runs again.
    func remember(_ key: String, for request: HTTPRequest, response: HTTPResponse) {
        guard (200..<300).contains(response.status.code) else { return }
        stored.withLock { $0[key] = Stored(fingerprint: Self.fingerprint(request), response: response) }
    }
}
