import Foundation
import GatewayCore
import GatewayHTTP

/// Every row of one of the gateway's paged listings (`/api/cases`, `/api/tasks`, `/api/permits`),
/// following each page's `next` to the last: a listing never cuts silently, and neither does its reader.
enum APIListing {
    /// - Parameters:
    ///   - path: the route and its filters ("/api/cases?status=active").
    ///   - key: the field holding the rows ("cases").
    ///   - get: calls the gateway's API with a GET of a path.
    static func all(_ path: String, key: String, get: (String) throws -> ClientResponse) throws -> [JSONValue] {
        var rows: [JSONValue] = []
        var after: String?
        repeat {
            let separator = path.contains("?") ? "&" : "?"
            let page = try JSONValue.decode(Data(try get(path + separator + "limit=5000" + (after.map { "&after=\($0.percentEncodedSegment)" } ?? ""))
                .requireSuccess().body))
            rows += page.field(key)?.array ?? []
            after = page.field("next")?.text
        } while after != nil
        return rows
    }
}
