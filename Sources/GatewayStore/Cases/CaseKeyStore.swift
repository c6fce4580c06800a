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
        // A new key, the usual case, is one plain insert (RETURNING would build a temporary table for its one row).
        guard try db.run("INSERT INTO case_keys (key, case_id) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", [.text(key), .text(caseID)]) == 0 else {
            return caseID
        }
        return try self.caseID(for: key) ?? caseID
    }

    public func keys(of caseID: String) throws -> [String] {
        try db.query("SELECT key FROM case_keys WHERE case_id = ? ORDER BY key", [.text(caseID)]) { $0.string(0) }
    }

    /// The next number of a named sequence (1, 2, 3, …), inside the caller's transaction.
    public func next(_ sequence: String) throws -> Int {
        // Counted up, then read: RETURNING would build a temporary table for its one row each time.
        guard try db.run("UPDATE sequences SET value = value + 1 WHERE name = ?", [.text(sequence)]) == 1 else {
            try db.run("INSERT INTO sequences (name, value) VALUES (?, 1)", [.text(sequence)])
            return 1
        }
        return try db.query("SELECT value FROM sequences WHERE name = ?", [.text(sequence)]) { $0.int(0) }.first ?? 1
    }
}
