import Foundation
import GatewayCore
import GatewayHTTP

/// Every request a mock received and every notification it sent, so a test
/// can see exactly what the gateway did. Secrets in headers are masked;
/// the newest 5,000 entries are kept.
public final class Journal: Sendable {
    public struct Entry: Sendable, Codable, Equatable {
        public enum Direction: String, Sendable, Codable {
            case received, sent
        }

        public let sequence: Int
        public let time: String
        public let direction: Direction
        public let method: String
        /// The path and query received, or the URL sent to.
        public let target: String
        public let headers: [[String]]
        public let body: String
        /// "utf8", or "base64" when the body is not text.
        public let bodyEncoding: String
        /// The status answered (also when a reset or truncation kept the client from reading it)
        /// or received; nil when a sent request got no answer.
        public let status: Int?
        /// The fault injected into this exchange, if any.
        public let fault: String?
        /// For a sent request that got no answer: why.
        public let error: String?
        /// What the system did beyond the usual, in words (SIINas: a second BAP that replaced the first).
        public var note: String?

        /// A header's value as journalled (secrets show as "***").
        public func header(_ name: String) -> String? {
            headers.first { $0.first?.lowercased() == name.lowercased() }.flatMap { $0.count > 1 ? $0[1] : nil }
        }

        /// Whether the system did the work: answered 2xx, and not from its idempotency memory.
        public var applied: Bool {
            guard let status, (200..<300).contains(status) else { return false }
            return !(fault ?? "").split(separator: ",").contains { $0 == "replay" || $0 == "error" }
        }
    }

    /// The newest this many entries are kept.
    let capacity: Int
    /// Header fields whose values are secrets (OSS user_key and Token, bearer tokens, signatures).
    static let secretHeaders: Set<String> = ["user_key", "token", "authorization", "x-sipro-key", "x-siinas-signature", "cookie"]

    private let state = Locked<(entries: [Entry], next: Int, dropped: Int)>(([], 1, 0))
    private let clock: MockClock

    init(clock: MockClock, capacity: Int = 50_000) {
        self.clock = clock
        self.capacity = capacity
    }

    func record(_ direction: Entry.Direction, method: String, target: String, headers: HTTPHeaders, body: [UInt8],
                status: Int?, fault: String? = nil, error: String? = nil, note: String? = nil) {
        let text = String(validating: body, as: UTF8.self)
        let masked = headers.map { field in
            [field.name, Self.secretHeaders.contains(field.name.lowercased()) ? "***" : field.value]
        }
        state.withLock { state in
            state.entries.append(Entry(
                sequence: state.next, time: clock.isoNow(), direction: direction, method: method, target: target,
                headers: masked, body: text ?? Data(body).base64EncodedString(), bodyEncoding: text == nil ? "base64" : "utf8",
                status: status, fault: fault, error: error, note: note))
            state.next += 1
            if state.entries.count > capacity {
                state.dropped += state.entries.count - capacity
                state.entries.removeFirst(state.entries.count - capacity)
            }
        }
    }

    public func entries(direction: Entry.Direction? = nil, pathPrefix: String? = nil) -> [Entry] {
        state.withLock { $0.entries }.filter { entry in
            (direction == nil || entry.direction == direction) && (pathPrefix.map { entry.target.contains($0) } ?? true)
        }
    }

    /// How many of the oldest entries were let go to keep the newest `capacity`: a judgement from a journal that
    /// dropped some is incomplete.
    public var dropped: Int { state.withLock { $0.dropped } }

    /// How many entries there are: cheap to ask after every step of a benchmark.
    public var count: Int { state.withLock { $0.entries.count } }

    public func clear() {
        state.withLock { $0.entries.removeAll() }
    }
}
