/// One page of a listing that never cuts silently: the rows, how many match in all, and the cursor
/// that continues after the last row (nil on the last page).
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let total: Int
    public let next: String?

    public init(items: [Item], total: Int, next: String?) {
        self.items = items
        self.total = total
        self.next = next
    }

    /// A page from `limit + 1` rows fetched after the cursor: the extra row only tells there is a next page.
    public init(fetched: [Item], limit: Int, total: Int, cursor: (Item) -> String) {
        items = Array(fetched.prefix(limit))
        self.total = total
        next = fetched.count > limit ? items.last.map(cursor) : nil
    }

    /// A page of rows already in memory, in their order: those after the row whose cursor is `after`.
    /// Nil when no row has that cursor.
    public static func of(_ all: [Item], limit: Int, after: String?, cursor: (Item) -> String) -> Page? {
        var start = 0
        if let after {
            guard let index = all.firstIndex(where: { cursor($0) == after }) else { return nil }
            start = index + 1
        }
        return Page(fetched: Array(all[start...].prefix(limit + 1)), limit: limit, total: all.count, cursor: cursor)
    }

    /// "1,000 of 51,489 shown; next: --after X", or nil when the page holds every row that matches.
    /// - Parameter toward: what the cursor leads to ("next", or "earlier" for a log read from its newest end).
    public func note(option: String = "--after", toward: String = "next") -> String? {
        guard let next else { return nil }
        return "\(Self.grouped(items.count)) of \(Self.grouped(total)) shown; \(toward): \(option) \(next)"
    }

    /// 51489 as "51,489".
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return (number < 0 ? "-" : "") + text
    }
}
