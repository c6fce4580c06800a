import NationalSystems
import GatewayHTTP

/// A feed read with a cursor: `?after=CURSOR&limit=N` gives the items after
/// the cursor, oldest first, and the cursor to pass next time. Faults may
/// shuffle a page or hold the cursor back one item, so it comes again.
struct Feed {
    let after: Int
    let limit: Int

    /// Reads `after` (default 0) and `limit` (default 50, at most 500) from the query.
    init(_ request: HTTPRequest) throws(MockError) {
        let query = request.query
        guard let after = Int(query["after"] ?? "0"), after >= 0 else {
            throw .invalid("after is the next_cursor of the previous page, a whole number, not '\(query["after"] ?? "")'")
        }
        guard let limit = Int(query["limit"] ?? "50"), (1...500).contains(limit) else {
            throw .invalid("limit is between 1 and 500, not '\(query["limit"] ?? "")'")
        }
        self.after = after
        self.limit = limit
    }

    func page<T>(_ items: [T], sequence: (T) -> Int, faults: FaultInjector) -> (items: [T], nextCursor: Int) {
        let page = Array(items.filter { sequence($0) > after }.sorted { sequence($0) < sequence($1) }.prefix(limit))
        let (ordered, repeatLast) = faults.feedPage(page)
        guard let last = page.last else { return ([], after) }
        let next = repeatLast ? (page.count > 1 ? sequence(page[page.count - 2]) : after) : sequence(last)
        return (ordered, next)
    }
}

extension HTTPRequest {
    /// The named header must equal the secret, compared in constant time.
    func requireSecret(_ header: String, equals secret: String, prefix: String = "") throws(MockError) {
        guard let value = headers[header], value.hasPrefix(prefix),
              NationalSystems.Digest.constantTimeEquals(String(value.dropFirst(prefix.count)), secret) else {
            throw .unauthorized("missing or wrong \(header) header")
        }
    }
}

