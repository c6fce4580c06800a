import Foundation

/// One numbered change to the schema, applied once and recorded in `schema_migrations`.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String
    /// The migration rebuilds a table others refer to (a CHECK constraint cannot be altered in place):
    /// foreign keys are switched off around its transaction and checked before it commits, the
    /// procedure of https://www.sqlite.org/lang_altertable.html#otheralter.
    public let rebuildsTables: Bool

    public init(version: Int, name: String, sql: String, rebuildsTables: Bool = false) {
        self.version = version
        self.name = name
        self.sql = sql
        self.rebuildsTables = rebuildsTables
    }
}

/// Brings a database up to the schema this program knows.
public enum Migrator {
    /// Applies every migration not yet recorded, each in its own transaction
    /// with its record, so a crash leaves either all of a migration or none.
    /// - Returns: the versions applied now.
    @discardableResult
    public static func migrate(_ db: SQLiteConnection, migrations: [Migration] = Schema.migrations) throws -> [Int] {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at INTEGER NOT NULL
            )
            """)
        let known = migrations.map(\.version).max() ?? 0
        if let newest = try appliedVersions(db).max(), newest > known {
            throw MigrationError.databaseIsNewer(path: db.path, version: newest, known: known)
        }
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            // PRAGMA foreign_keys is a no-op inside a transaction, so it is set around it.
            if migration.rebuildsTables { try db.execute("PRAGMA foreign_keys = OFF") }
            defer { if migration.rebuildsTables { try? db.execute("PRAGMA foreign_keys = ON") } }
            try db.transaction {
                // Checked inside the write lock: another process may have just applied it.
                guard try !appliedVersions(db).contains(migration.version) else { return }
                try db.execute(migration.sql)
                if migration.rebuildsTables, let broken = try db.firstText("PRAGMA foreign_key_check") {
                    throw MigrationError.foreignKeysBroken(version: migration.version, table: broken)
                }
                try db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                           [.int(migration.version), .text(migration.name), .date(Date())])
                applied.append(migration.version)
            }
        }
        return applied
    }

    public static func appliedVersions(_ db: SQLiteConnection) throws -> [Int] {
        try db.query("SELECT version FROM schema_migrations ORDER BY version") { $0.int(0) }
    }
}

public enum MigrationError: Error, Equatable, CustomStringConvertible {
    case databaseIsNewer(path: String, version: Int, known: Int)
    case foreignKeysBroken(version: Int, table: String)

    public var description: String {
        switch self {
        case .databaseIsNewer(let path, let version, let known):
            "\(path) has schema version \(version), but this gerbang knows versions up to \(known): run a newer gerbang, or restore a backup"
        case .foreignKeysBroken(let version, let table):
            "migration \(version) would leave rows of \(table) pointing at nothing: it was rolled back; restore a backup and report this"
        }
    }
}
