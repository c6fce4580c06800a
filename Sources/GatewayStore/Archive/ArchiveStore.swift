import Foundation

/// What retention moves out of the database (`gerbang archive`): sync-log entries, deleted once archived, and
/// inbox messages, whose bodies and headers go while what identifies them moves to `inbox_archived` (its dedup
/// key still answers a repeat, DESIGN.md rule 2).
/// Ended cases and their history are kept whatever their age.
///
/// The archiver writes a batch's lines to its files first, then, in one short transaction here, deletes (or
/// moves) the batch's rows and records each file's new length. A crash in between leaves lines whose rows are
/// still here; ``committedLength(of:)`` says where the file is cut before the batch is written again.
public final class ArchiveStore {
    let db: SQLiteConnection

    init(_ db: SQLiteConnection) {
        self.db = db
    }

    /// The oldest sync-log entries, in the order they were written, as long as they are older than `cutoff`:
    /// an index walk that stops at the first newer one (entries are written in time order).
    public func oldSyncLog(before cutoff: Date, limit: Int) throws -> [SyncLogEntry] {
        let entries = try db.query("SELECT \(SyncLogStore.columns) FROM sync_log ORDER BY id LIMIT ?", [.int(limit)], SyncLogStore.entry)
        return Array(entries.prefix { $0.at < cutoff })
    }

    /// The oldest inbox messages, as long as they were received before `cutoff`.
    public func oldInbox(before cutoff: Date, limit: Int) throws -> [InboxStore.Record] {
        let records = try db.query("SELECT \(InboxStore.columns) FROM inbox ORDER BY id LIMIT ?", [.int(limit)], InboxStore.record)
        return Array(records.prefix { $0.receivedAt < cutoff })
    }

    /// Deletes the sync-log entries from `first` through `last` (a batch just written to its files) and records the
    /// files' lengths, in one transaction (joins the caller's).
    public func syncLogArchived(from first: Int, through last: Int, files: [String: Int]) throws {
        try db.atomically {
            try db.run("DELETE FROM sync_log WHERE id BETWEEN ? AND ?", [.int(first), .int(last)])
            try record(files)
        }
    }

    /// Moves each archived message from the inbox to `inbox_archived` without its body and headers, naming the file
    /// they went to, and records the files' lengths, in one transaction (joins the caller's).
    public func inboxArchived(_ messages: [(id: Int, file: String)], files: [String: Int]) throws {
        try db.atomically {
            for (id, file) in messages {
                try db.run("""
                    INSERT INTO inbox_archived (id, source, kind, dedup_key, received_at, state, error, cases, archived_in)
                    SELECT id, source, kind, dedup_key, received_at, state, error, cases, ? FROM inbox WHERE id = ?
                    """, [.text(file), .int(id)])
                try db.run("DELETE FROM inbox WHERE id = ?", [.int(id)])
            }
            try record(files)
        }
    }

    /// The length of an archive file as of the last batch that committed, nil for a file never written.
    public func committedLength(of path: String) throws -> Int? {
        try db.query("SELECT bytes FROM archive_files WHERE path = ?", [.text(path)]) { $0.int(0) }.first
    }

    /// What is older than `cutoff`, by month of the agency's time zone (`offsetSeconds` east of UTC): for a dry run.
    public func pending(before cutoff: Date, offsetSeconds: Int) throws -> (syncLog: [String: Int], inbox: [String: Int]) {
        func months(_ sql: String, _ values: [SQLiteValue]) throws -> [String: Int] {
            Dictionary(try db.query(sql, values) { ($0.string(0), $0.int(1)) }, uniquingKeysWith: +)
        }
        let month = "strftime('%Y-%m', (COLUMN + ?) / 1000, 'unixepoch')"
        let offset = SQLiteValue.int(offsetSeconds * 1000)
        return (
            try months("SELECT \(month.replacingOccurrences(of: "COLUMN", with: "at")), count(*) FROM sync_log WHERE at < ? GROUP BY 1",
                       [offset, .date(cutoff)]),
            try months("""
                SELECT \(month.replacingOccurrences(of: "COLUMN", with: "received_at")), count(*) FROM inbox WHERE received_at < ? GROUP BY 1
                """, [offset, .date(cutoff)]))
    }

    private func record(_ files: [String: Int]) throws {
        for (path, bytes) in files {
            try db.run("INSERT INTO archive_files (path, bytes) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET bytes = excluded.bytes",
                       [.text(path), .int(bytes)])
        }
    }
}
