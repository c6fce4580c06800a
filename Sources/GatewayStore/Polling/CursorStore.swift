import Foundation

/// Where each polled feed was last read. Moved in the same transaction as
/// the messages it fetched, so a crash between the two cannot lose or repeat them (DESIGN.md rule 5).
public final class CursorStore {
    let db: SQLiteConnection

    public init(_ db: SQLiteConnection) {
        self.db = db
    }

    public func cursor(_ feed: String) throws -> String? {
        try db.query("SELECT cursor FROM poll_cursors WHERE feed = ?", [.text(feed)]) { $0.string(0) }.first
    }

    public func set(_ feed: String, to cursor: String, at time: Date) throws {
        try db.run("""
            INSERT INTO poll_cursors (feed, cursor, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (feed) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at
            """, [.text(feed), .text(cursor), .date(time)])
    }

    public func all() throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try db.query("SELECT feed, cursor FROM poll_cursors", []) { ($0.string(0), $0.string(1)) })
    }
}
