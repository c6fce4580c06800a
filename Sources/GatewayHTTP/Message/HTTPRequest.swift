import Foundation

/// A request as a handler sees it: the head, the whole body as bytes, and
/// the parameters the router matched.
public struct HTTPRequest: Sendable {
    public let method: HTTPMethod
    /// The request-target as sent ("/api/cases?sop=izin-perluasan").
    public let target: String
    /// The path part of the target, still percent-encoded.
    public let path: String
    /// The query string after "?", still percent-encoded; empty if none.
    public let queryString: String
    /// "HTTP/1.1" is (1, 1).
    public let version: (major: Int, minor: Int)
    public let headers: HTTPHeaders
    /// Trailer fields of a chunked body (RFC 9112 §7.1.2); empty otherwise.
    public let trailers: HTTPHeaders
    /// The body exactly as received, after chunked decoding.
    public let body: [UInt8]
    /// The peer's address, "127.0.0.1:51234".
    public let remoteAddress: String
    /// Values of the `{name}` segments of the matched route, percent-decoded.
    public internal(set) var pathParameters: [String: String] = [:]

    public init(
        method: HTTPMethod, target: String, version: (major: Int, minor: Int) = (1, 1), headers: HTTPHeaders = [:],
        trailers: HTTPHeaders = [:], body: [UInt8] = [], remoteAddress: String = ""
    ) {
        self.method = method
        self.target = target
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.path = parts.first.map(String.init) ?? target
        self.queryString = parts.count > 1 ? String(parts[1]) : ""
        self.version = version
        self.headers = headers
        self.trailers = trailers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The decoded query parameters; a name given twice keeps its first value.
    public var query: [String: String] {
        var result: [String: String] = [:]
        for (name, value) in queryItems where result[name] == nil {
            result[name] = value
        }
        return result
    }

    /// Every query parameter in order, decoded ("+" is a space, as forms send it).
    public var queryItems: [(name: String, value: String)] {
        queryString.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? Self.decode(parts[1]) ?? "" : "")
        }
    }

    public var bodyData: Data { Data(body) }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Whether the connection stays open after this request (RFC 9112 §9.3):
    /// HTTP/1.1 unless "Connection: close", HTTP/1.0 only with "Connection: keep-alive".
    public var keepAlive: Bool {
        version.minor >= 1 && version.major == 1
            ? !headers.hasToken("close", in: "Connection")
            : headers.hasToken("keep-alive", in: "Connection")
    }

    static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
