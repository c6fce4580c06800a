import Foundation

extension String {
    /// The text as one URL path segment or query value: everything but the unreserved characters
    /// (RFC 3986 §2.3) percent-encoded, so ids holding '/' or spaces (SIPRO numbers, outbox ids) stay one segment.
    public var percentEncodedSegment: String {
        addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? self
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
