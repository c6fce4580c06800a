import Foundation
import GatewayCore

/// A request to a national system as it goes on the wire: the method, the path under the system's base
/// URL and the JSON body. Built once when a message is queued, so every retry sends the same bytes.
public struct OutboundRequest: Sendable, Equatable {
    public let method: String
    public let path: String
    public let body: String

    public init(method: String = "POST", path: String, body: String) {
        self.method = method
        self.path = path
        self.body = body
    }

    /// A POST of a value encoded with sorted keys and unescaped slashes (URLs stay readable in the journals).
    static func post(_ path: String, _ value: some Encodable) throws -> OutboundRequest {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return OutboundRequest(path: path, body: String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func post(_ path: String, json: JSONValue) -> OutboundRequest {
        OutboundRequest(path: path, body: String(decoding: json.encoded(), as: UTF8.self))
    }
}
