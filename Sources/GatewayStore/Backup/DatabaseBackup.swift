import Foundation

/// Copies of the gateway's database an operator can trust: one self-contained file each,
/// checked before it is believed.
///
/// Why not `cp gerbang.sqlite`: in WAL mode (https://sqlite.org/wal.html) what was committed
/// since the last checkpoint lives in `gerbang.sqlite-wal`, not in the `.sqlite` file, so a
/// copy of the `.sqlite` alone lacks it (right after a crash, possibly every table), and a
/// copy put back over a live file while an old `-wal` stays beside it is read through that
/// old WAL. Both functions here go through SQLite's backup API instead, which reads through
/// the WAL, and leave a file in rollback-journal mode with nothing beside it.
public enum DatabaseBackup {
    /// What a copy holds, as checked by opening it.
    public struct Verified: Sendable, Equatable, Encodable {
        public let file: String
        public let bytes: Int
        public let cases: Int
        public let schemaVersion: Int
        /// `PRAGMA integrity_check`'s first line: "ok" when whole.
        public let integrity: String
    }

    /// Copies `database` into `target` (which must not exist) while a gateway may go on writing,
    /// and checks the copy.
    public static func backup(_ database: String, to target: String) throws(BackupError) -> Verified {
        guard !FileManager.default.fileExists(atPath: target) else { throw .targetExists(target) }
        guard FileManager.default.fileExists(atPath: database) else { throw .missing(database) }
        do {
            try SQLiteConnection(path: database, options: .init(readOnly: true)).backup(to: target)
        } catch {
            try? FileManager.default.removeItem(atPath: target)
            throw .sqlite(file: database, error.message)
        }
        return try verify(target)
    }

    /// Opens a copy read-only and checks it is whole and of a schema this gerbang can run
    /// (the same version, or an older one the gateway migrates at its start).
    public static func verify(_ file: String) throws(BackupError) -> Verified {
        guard FileManager.default.fileExists(atPath: file) else { throw .missing(file) }
        let known = Schema.version
        let connection: SQLiteConnection
        let integrity: String
        let version: Int
        do {
            connection = try SQLiteConnection(path: file, options: .init(readOnly: true))
            integrity = try connection.firstText("PRAGMA integrity_check") ?? "?"
            version = try Migrator.appliedVersions(connection).max() ?? 0
        } catch {
            throw .notADatabase(file: file, (error as? SQLiteError)?.message ?? "\(error)")
        }
        guard integrity == "ok" else { throw .damaged(file: file, integrity: integrity) }
        guard version >= 1 else { throw .notADatabase(file: file, "it has no gateway schema") }
        guard version <= known else { throw .newerSchema(file: file, found: version, known: known) }
        let cases: Int
        do {
            cases = Int(try connection.firstText("SELECT count(*) FROM cases") ?? "0") ?? 0
        } catch {
            throw .notADatabase(file: file, error.message)
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        return Verified(file: file, bytes: bytes, cases: cases, schemaVersion: version, integrity: integrity)
    }

    /// What a restore did.
    public struct Restored: Sendable, Equatable, Encodable {
        /// The database as it now stands.
        public let database: Verified
        /// Where the database it replaced was kept (a self-contained copy), if there was one.
        public let replacedKeptAt: String?
    }

    /// Puts the backup `file` in place of `database`. The caller holds the database's instance
    /// lock, so no gateway runs on it meanwhile.
    ///
    /// The order keeps something whole at every moment: the backup is verified and copied
    /// beside the database first; the database being replaced is copied aside (through its
    /// WAL, so what an unclean stop left there is kept); only then are its `-wal` and `-shm`
    /// removed (an old WAL beside the restored file would be read as part of it) and the copy
    /// renamed into place, which is atomic.
    public static func restore(_ file: String, into database: String, at now: Date) throws(BackupError) -> Restored {
        _ = try verify(file)
        let staging = database + ".restoring"
        removeWithCompanions(staging)
        do {
            try SQLiteConnection(path: file, options: .init(readOnly: true)).backup(to: staging)
        } catch {
            removeWithCompanions(staging)
            throw .sqlite(file: file, error.message)
        }
        var kept: String?
        if FileManager.default.fileExists(atPath: database) {
            let aside = database + ".replaced-" + stamp(now)
            do {
                // Read-write, so the WAL an unclean stop left is recovered into what is copied.
                try SQLiteConnection(path: database).backup(to: aside)
            } catch {
                removeWithCompanions(staging)
                throw .sqlite(file: database, "could not keep it aside before replacing it (nothing was changed): \(error.message)")
            }
            kept = aside
        }
        for companion in ["-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: database + companion) }
        guard rename(staging, database) == 0 else {
            throw .sqlite(file: database, "cannot move the restored copy into place: \(String(cString: strerror(errno))); it is at \(staging)")
        }
        syncFolder(of: database)
        return Restored(database: try verify(database), replacedKeptAt: kept)
    }

    private static func removeWithCompanions(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// The rename survives a power cut only once the folder's entry is on disk.
    private static func syncFolder(of path: String) {
        let folder = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return }
        _ = fsync(folder)
        close(folder)
    }

    /// "20261130-142501" in UTC: sorts by time, and is the same whatever the machine's zone.
    static func stamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02d-%02d%02d%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
    }
}

/// Why a backup or a restore did not happen, with what to do.
public enum BackupError: Error, Equatable, CustomStringConvertible {
    case targetExists(String)
    case missing(String)
    case notADatabase(file: String, String)
    case damaged(file: String, integrity: String)
    case newerSchema(file: String, found: Int, known: Int)
    case sqlite(file: String, String)

    public var description: String {
        switch self {
        case .targetExists(let file):
            "\(file) already exists: name a new file (a backup never overwrites one)"
        case .missing(let file):
            "\(file): no such file"
        case .notADatabase(let file, let reason):
            "\(file) is not a gateway database (\(reason)): name a file written by 'gerbang backup'"
        case .damaged(let file, let integrity):
            "\(file) is damaged (integrity check: \(integrity)): take another backup"
        case .newerSchema(let file, let found, let known):
            "\(file) has schema version \(found), newer than this gerbang's \(known): restore it with the gerbang that wrote it"
        case .sqlite(let file, let message):
            "\(file): \(message)"
        }
    }
}
