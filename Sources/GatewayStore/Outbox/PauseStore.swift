import Foundation

/// National systems whose deliveries an operator has paused (`gerbang pause oss`).
/// Their messages stay in the outbox, and go out in order once resumed.
public final class PauseStore {
    public struct Pause: Sendable, Equatable, Codable {
        public let target: String
        public let pausedAt: Date
        public let note: String?
    }

    let db: SQLiteConnection

    public init(_ db: SQLiteConnection) {
        self.db = db
    }

    /// Pauses a target; false when it was already paused.
    public func pause(_ target: String, note: String?, at time: Date) throws -> Bool {
        try db.run("INSERT INTO paused_targets (target, paused_at, note) VALUES (?, ?, ?) ON CONFLICT (target) DO NOTHING",
                   [.text(target), .date(time), .string(note)]) == 1
    }

    /// Resumes a target; false when it was not paused.
    public func resume(_ target: String) throws -> Bool {
        try db.run("DELETE FROM paused_targets WHERE target = ?", [.text(target)]) == 1
    }

    public func paused() throws -> [Pause] {
        try db.query("SELECT target, paused_at, note FROM paused_targets ORDER BY target") { row in
            Pause(target: row.string(0), pausedAt: row.date(1), note: row.optionalString(2))
        }
    }

    public func isPaused(_ target: String) throws -> Bool {
        try !db.query("SELECT 1 FROM paused_targets WHERE target = ?", [.text(target)]) { _ in true }.isEmpty
    }
}
