import Foundation
import GatewayCore

/// A national system's feed of messages, read page by page from a cursor: `GET path?after=C&limit=N`
/// answers `{listKey: [...], "next_cursor": "..."}` (docs/siinas-api.md, docs/sipro-api.md).
public struct SystemFeed: Sendable {
    public let system: String
    public let path: String
    /// The key under which a page holds its items.
    let listKey: String
    /// Reads one item as the message it is.
    public let read: @Sendable (JSONValue) throws(InboundError) -> InboundMessage

    public init(system: String, path: String, listKey: String, read: @escaping @Sendable (JSONValue) throws(InboundError) -> InboundMessage) {
        self.system = system
        self.path = path
        self.listKey = listKey
        self.read = read
    }

    /// The path and query of the page after `cursor`.
    public func page(after cursor: String, limit: Int) -> String {
        "\(path)?after=\(cursor.percentEncodedSegment)&limit=\(limit)"
    }

    /// A page's items and the cursor after them.
    public func items(of page: JSONValue) throws(InboundError) -> (items: [JSONValue], next: String) {
        guard let items = page.field(listKey)?.array, let next = page.field("next_cursor")?.text else {
            throw InboundError("the page has no \(listKey) list and next_cursor")
        }
        return (items, next)
    }

    /// The feeds the gateway reads, by system.
    public static let all = [SIINasWire.feed, SIPROWire.feed]

    /// A harmless authenticated read of a system that has no OSS-style asking call: one item of its
    /// feed, or DPMPTSP's letter box listing.
    public static func probePath(_ system: String) -> String {
        all.first { $0.system == system }.map { $0.page(after: "0", limit: 1) } ?? DPMPTSPWire.listingPath
    }
}
