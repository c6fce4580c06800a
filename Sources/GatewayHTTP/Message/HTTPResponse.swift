import Foundation

/// A response a handler returns. The server adds `Date`, `Content-Length`
/// and `Connection`; a handler sets the rest.
public struct HTTPResponse: Sendable {
    /// How the response leaves the server. Anything but `.whole` breaks HTTP
    /// on purpose: the mock national systems use it to act out network faults.
    public enum Delivery: Sendable, Equatable {
        case whole
        /// Close the connection with a reset (RST) instead of answering.
        case resetConnection
        /// Send only this many bytes of the serialized response, then close.
        case truncated(afterBytes: Int)
    }

    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    public var delivery = Delivery.whole
    /// The client proved who it is before this answer (a push's Token or signature held): a 4xx it gets is its
    /// message's fault, not a probe, and a ``RequestGate`` counting failures leaves it out. Never sent.
    public var clientAuthenticated = false

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    public static func html(_ html: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array(html.utf8))
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
