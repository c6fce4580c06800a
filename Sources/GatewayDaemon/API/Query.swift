import Foundation
import GatewayHTTP

/// The query of an API route, checked: a parameter the route does not take or a malformed value is a
/// 400 naming it, a value that names nothing (an SOP, a role, a cursor) a 404 naming it; never an answer
/// that silently ignores it and looks complete.
extension HTTPRequest {
    /// Refuses any query parameter outside `names`.
    func acceptQuery(_ names: Set<String>) throws {
        guard let unknown = query.keys.filter({ !names.contains($0) }).min() else { return }
        throw HTTPError(.badRequest, "unknown parameter '\(unknown)': \(path) takes "
                        + (names.isEmpty ? "no parameters" : names.sorted().joined(separator: ", ")))
    }

    /// A listing's `limit` (1 to 5000, default 1000) and `after` (the cursor the page before gave as `next`).
    func paging() throws -> (limit: Int, after: String?) {
        var limit = 1000
        if let text = query["limit"] {
            guard let value = Int(text), (1...5000).contains(value) else { throw HTTPError(.badRequest, "limit is a number from 1 to 5000, not '\(text)'") }
            limit = value
        }
        if let after = query["after"], after.isEmpty { throw HTTPError(.badRequest, "after is empty: leave it out, or give the next of the page before") }
        return (limit, query["after"])
    }

    /// A parameter whose value must name one of `known` (an SOP, a role): 404 naming it when it names nothing,
    /// as for a path that names nothing (a well-formed value, but no such thing here).
    func known(_ name: String, among known: some Collection<String>) throws -> String? {
        guard let value = query[name] else { return nil }
        guard known.contains(value) else {
            throw HTTPError(.notFound, "\(name) '\(value)' is not known; it is one of \(known.sorted().joined(separator: ", "))")
        }
        return value
    }
}
