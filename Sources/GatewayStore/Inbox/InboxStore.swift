import Foundation

/// Every message the gateway received, as received: the dedup key's unique
/// index is what makes a repeated delivery change nothing (DESIGN.md rules 1-2).
public final class InboxStore {
    public struct Record: Sendable, Codable, Equatable {
        public let id: Int
        public let source: String
        public let kind: String
        public let dedupKey: String
        public let receivedAt: Date
        public let body: Data
        public let headers: [[String]]
        /// processed, rejected (could not be read; kept for operators) or ignored (nothing to do).
        public let state: InboxState
        public let error: String?
        public let cases: [String]
        /// The archive file the body and headers were moved to (retention); they are empty here then.
        public let archivedIn: String?
    }

    /// The columns ``record(_:)`` reads, in its order, of the inbox and of the archived messages.
    static let columns = "id, source, kind, dedup_key, received_at, body, headers, state, error, cases, NULL"
    static let archivedColumns = "id, source, kind, dedup_key, received_at, x'', '[]', state, error, cases, archived_in"

    let db: SQLiteConnection

    public init(_ db: SQLiteConnection) {
        self.db = db
    }

    /// The message kept under this dedup key, if any, with how it ended: a repeat of it changes nothing (DESIGN.md rule 2).
    /// A message archived by retention is known still: its key answers a repeat as one.
    public func find(dedupKey: String) throws -> (id: Int, state: InboxState)? {
        try db.query("SELECT id, state FROM inbox WHERE dedup_key = ?1 UNION ALL SELECT id, state FROM inbox_archived WHERE dedup_key = ?1",
                     [.text(dedupKey)]) { ($0.int(0), InboxState(rawValue: $0.string(1)) ?? .processed) }.first
    }

    /// Keeps a message whose key ``find(dedupKey:)`` did not know, as it ended: the cases it touched, or why it was
    /// rejected or ignored. Call at the end of the transaction that applies its effects, once they are known: one
    /// insert, not an insert and an update. Returns its id.
    @discardableResult
    public func keep(source: String, kind: String, dedupKey: String, body: [UInt8], headers: [[String]], at time: Date, state: InboxState,
                     error: String? = nil, cases: [String] = []) throws -> Int {
        try db.run("""
            INSERT INTO inbox (source, kind, dedup_key, received_at, body, headers, state, error, cases) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(source), .text(kind), .text(dedupKey), .date(time), .blob(body), .text(StoreJSON.text(headers)), .text(state.rawValue),
                  .string(error), .text(StoreJSON.text(cases))])
        return try db.lastInsertedRowID()
    }

    /// The message kept under `id`.
    public func record(_ id: Int) throws -> Record? {
        try db.query("SELECT \(Self.columns) FROM inbox WHERE id = ?", [.int(id)], Self.record).first
            ?? db.query("SELECT \(Self.archivedColumns) FROM inbox_archived WHERE id = ?", [.int(id)], Self.record).first
    }

    /// The newest message kept whose dedup key starts with `prefix` and that was processed (the previous delivery
    /// of a NIB, to see what an update changed).
    public func latest(dedupPrefix prefix: String) throws -> Record? {
        try db.query("""
            SELECT \(Self.columns) FROM inbox
            WHERE substr(dedup_key, 1, length(?1)) = ?1 AND state = 'processed' ORDER BY id DESC LIMIT 1
            """, [.text(prefix)], Self.record).first
    }

    /// The cases the message kept under `id` touched.
    public func cases(of id: Int) throws -> [String] {
        try db.query("SELECT cases FROM inbox WHERE id = ?1 UNION ALL SELECT cases FROM inbox_archived WHERE id = ?1", [.int(id)]) { row in
            (try? JSONDecoder().decode([String].self, from: row.data(0))) ?? []
        }.first ?? []
    }

    public func list(state: InboxState? = nil, limit: Int = 100) throws -> [Record] {
        try db.query("""
            SELECT \(Self.columns) FROM inbox
            WHERE (?1 IS NULL OR state = ?1) ORDER BY id DESC LIMIT ?2
            """, [.string(state?.rawValue), .int(limit)], Self.record)
    }

    static func record(_ row: Row) -> Record {
        Record(id: row.int(0), source: row.string(1), kind: row.string(2), dedupKey: row.string(3), receivedAt: row.date(4),
               body: row.data(5), headers: (try? JSONDecoder().decode([[String]].self, from: row.data(6))) ?? [],
               state: InboxState(rawValue: row.string(7)) ?? .processed, error: row.optionalString(8),
               cases: (try? JSONDecoder().decode([String].self, from: row.data(9))) ?? [], archivedIn: row.optionalString(10))
    }

    /// Messages kept per state (processed, rejected, ignored), archived ones included.
    public func countsByState() throws -> [String: Int] {
        Dictionary(try db.query("""
            SELECT state, count(*) FROM inbox GROUP BY state UNION ALL SELECT state, count(*) FROM inbox_archived GROUP BY state
            """) { ($0.string(0), $0.int(1)) }, uniquingKeysWith: +)
    }

    /// Rejected messages of `source` kept since `time`: what a sender's quota of kept refusals is measured by.
    public func rejectedCount(source: String, since time: Date) throws -> Int {
        try db.query("SELECT count(*) FROM inbox WHERE state = 'rejected' AND received_at >= ? AND source = ?",
                     [.date(time), .text(source)]) { $0.int(0) }.first ?? 0
    }

    public func count(state: InboxState? = nil) throws -> Int {
        try db.query("SELECT count(*) FROM inbox WHERE (?1 IS NULL OR state = ?1)", [.string(state?.rawValue)]) { $0.int(0) }.first ?? 0
    }
}
