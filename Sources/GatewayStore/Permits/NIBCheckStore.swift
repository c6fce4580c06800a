import Foundation

/// NIBs new to the gateway waiting for their check with OSS (checkNIB). A push is answered after its own
/// commit only, never after a call to OSS, so the check of a NIB it brought is queued in that commit and
/// done afterwards; while its row is here, the NIB's cases wait on OSS, not on an officer.
public final class NIBCheckStore {
    /// A NIB waiting for its check.
    public struct Pending: Sendable, Equatable {
        public let nib: String
        public let queuedAt: Date
    }

    let db: SQLiteConnection

    public init(_ db: SQLiteConnection) {
        self.db = db
    }

    /// Queues the NIB's check unless it is queued already.
    public func queue(_ nib: String, at time: Date) throws {
        try db.run("INSERT INTO nib_checks (nib, queued_at) VALUES (?, ?) ON CONFLICT (nib) DO NOTHING", [.text(nib), .date(time)])
    }

    /// The checks waiting longest first, at most `limit`.
    public func due(limit: Int) throws -> [Pending] {
        try db.query("SELECT nib, queued_at FROM nib_checks ORDER BY id LIMIT ?", [.int(limit)]) {
            Pending(nib: $0.string(0), queuedAt: $0.date(1))
        }
    }

    /// Ends a NIB's wait: its check was applied.
    public func remove(_ nib: String) throws {
        try db.run("DELETE FROM nib_checks WHERE nib = ?", [.text(nib)])
    }

    /// The NIB whose check a case waits for: the NIB of the case's permit, while its check is queued.
    public func awaited(byCase caseID: String, reference: String?) throws -> String? {
        guard let reference else { return nil }
        return try db.query("""
            SELECT c.nib FROM permits p JOIN nib_checks c ON c.nib = p.nib WHERE p.id_izin = ? AND p.case_id = ?
            """, [.text(reference), .text(caseID)]) { $0.string(0) }.first
    }

    /// How many NIBs wait for their check, and since when the oldest has (nil when none waits).
    public func backlog() throws -> (count: Int, oldest: Date?) {
        try db.query("SELECT count(*), min(queued_at) FROM nib_checks") { ($0.int(0), $0.optionalDate(1)) }.first ?? (0, nil)
    }
}
