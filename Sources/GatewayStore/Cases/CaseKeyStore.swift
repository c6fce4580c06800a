import Foundation

/// Links external references (a permit's id_izin, a SIINas request, a SIPRO
/// registration) to cases, and hands out case numbers.
public final class CaseKeyStore {
    let db: SQLiteConnection

    public init(_ db: SQLiteConnection) {
        self.db = db
    }

    public func caseID(for key: String) throws -> String? {
        try db.query("SELECT case_id FROM case_keys WHERE key = ?", [.text(key)]) { $0.string(0) }.first
    }

    /// Links the key to the case unless it is linked already; returns the case it is linked to.
    @discardableResult
    public func bind(_ key: String, to caseID: String) throws -> String {
        // One statement either way: the no-op update makes RETURNING give the case already bound.
        try db.query("INSERT INTO case_keys (key, case_id) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING case_id",
                     [.text(key), .text(caseID)]) { $0.string(0) }.first ?? caseID
    }

    public func keys(of caseID: String) throws -> [String] {
        try db.query("SELECT key FROM case_keys WHERE case_id = ? ORDER BY key", [.text(caseID)]) { $0.string(0) }
    }

    /// The next number of a named sequence (1, 2, 3, …), inside the caller's transaction.
    public func next(_ sequence: String) throws -> Int {
        try db.query("INSERT INTO sequences (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
                     [.text(sequence)]) { $0.int(0) }.first ?? 1
    }
}

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

/// Time standards missed, and to whom they were escalated.
public final class EscalationStore {
    public struct Escalation: Sendable, Codable, Equatable {
        public let caseID: String
        public let step: Int
        public let role: String
        public let escalatedTo: String?
        public let deadline: Date
        public let at: Date

        public init(caseID: String, step: Int, role: String, escalatedTo: String?, deadline: Date, at: Date) {
            self.caseID = caseID
            self.step = step
            self.role = role
            self.escalatedTo = escalatedTo
            self.deadline = deadline
            self.at = at
        }
    }

    let db: SQLiteConnection

    public init(_ db: SQLiteConnection) {
        self.db = db
    }

    /// Breaches recorded per SOP and step.
    public func countsByStep() throws -> [(sop: String, step: Int, count: Int)] {
        try db.query("""
            SELECT c.process_id, e.step, count(*) FROM escalations e JOIN cases c ON c.id = e.case_id
            GROUP BY c.process_id, e.step ORDER BY c.process_id, e.step
            """) { ($0.string(0), $0.int(1), $0.int(2)) }
    }

    public func record(_ escalation: Escalation) throws {
        try db.run("INSERT INTO escalations (case_id, step, role, escalated_to, deadline, at) VALUES (?, ?, ?, ?, ?, ?)",
                   [.text(escalation.caseID), .int(escalation.step), .text(escalation.role), .string(escalation.escalatedTo),
                    .date(escalation.deadline), .date(escalation.at)])
    }

    public func list(caseID: String? = nil) throws -> [Escalation] {
        try db.query("SELECT case_id, step, role, escalated_to, deadline, at FROM escalations WHERE (?1 IS NULL OR case_id = ?1) ORDER BY id",
                     [.string(caseID)]) { row in
            Escalation(caseID: row.string(0), step: row.int(1), role: row.string(2), escalatedTo: row.optionalString(3),
                       deadline: row.date(4), at: row.date(5))
        }
    }
}
