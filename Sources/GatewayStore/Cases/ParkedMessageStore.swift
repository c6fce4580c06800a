import Foundation

/// Messages that came before their case reached the step that awaits them.
public final class ParkedMessageStore {
    public struct Parked: Sendable, Equatable {
        public let id: Int
        public let caseID: String
        public let message: String
        /// The event, as the daemon encoded it.
        public let event: Data
        public let parkedAt: Date
    }

    let db: SQLiteConnection
    /// False once this connection saw the table empty and parked nothing since: then a lookup
    /// needs no query. Only the writer's connection parks, so nothing else can make it stale;
    /// a rolled-back park leaves it true, which costs a query, never a message.
    private var mayHoldAny: Bool?

    public init(_ db: SQLiteConnection) {
        self.db = db
    }

    public func park(caseID: String, message: String, event: Data, at time: Date) throws {
        try db.run("INSERT INTO parked_messages (case_id, message, event, parked_at) VALUES (?, ?, ?, ?)",
                   [.text(caseID), .text(message), .text(String(decoding: event, as: UTF8.self)), .date(time)])
        mayHoldAny = true
    }

    public func parked(caseID: String) throws -> [Parked] {
        if mayHoldAny == nil {
            mayHoldAny = try db.query("SELECT EXISTS (SELECT 1 FROM parked_messages)", []) { $0.int(0) != 0 }.first ?? true
        }
        guard mayHoldAny == true else { return [] }
        return try db.query("SELECT id, case_id, message, event, parked_at FROM parked_messages WHERE case_id = ? ORDER BY id", [.text(caseID)]) { row in
            Parked(id: row.int(0), caseID: row.string(1), message: row.string(2), event: row.data(3), parkedAt: row.date(4))
        }
    }

    public func remove(_ id: Int) throws {
        try db.run("DELETE FROM parked_messages WHERE id = ?", [.int(id)])
        mayHoldAny = nil
    }

    public func count() throws -> Int {
        try db.query("SELECT count(*) FROM parked_messages", []) { $0.int(0) }.first ?? 0
    }
}
