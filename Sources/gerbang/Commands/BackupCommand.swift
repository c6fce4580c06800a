import Foundation
import GatewayDaemon
import GatewayStore

/// `gerbang backup FILE`: a consistent, self-contained copy of the database while the daemon runs.
enum BackupCommand: Command {
    static let name = "backup"
    static let summary = "copy the database consistently while the gateway runs (SQLite online backup)"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--db"]
    static let help = """
        usage: gerbang backup FILE [--db FILE] [--json]

        Copies the gateway's database to FILE with SQLite's online backup API: the copy
        is the database as it stood at one moment, with every case committed before the
        backup began, while the daemon goes on writing. FILE is one self-contained file
        (nothing beside it); it is then opened and checked (PRAGMA integrity_check).
        FILE must not exist yet. 'gerbang restore FILE' puts it back.

        Do not copy gerbang.sqlite with cp instead: what the gateway committed since its
        last checkpoint is in gerbang.sqlite-wal beside it, so the .sqlite alone of a
        running gateway, or of one that crashed, misses it.
        \(Common.databaseHelp)
        \(Common.jsonHelp)

        example: gerbang backup /var/backups/gerbang-$(date +%F).sqlite
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let target = try arguments.positionals("FILE", command: name)[0]
        let report: DatabaseBackup.Verified
        do {
            report = try DatabaseBackup.backup(Common.databasePath(arguments), to: target)
        } catch {
            throw FailureError(message: "gerbang backup: \(error)")
        }
        if arguments.has("--json") {
            try console.json(report)
        } else {
            console.out("backup \(target): \(report.cases) cases, schema v\(report.schemaVersion), \(report.bytes / 1024) KB, integrity \(report.integrity)")
        }
        return 0
    }
}

/// `gerbang restore FILE`: puts a backup back in place of the database, keeping the one it replaces.
enum RestoreCommand: Command {
    static let name = "restore"
    static let summary = "put a backup back as the database (the gateway stopped); the replaced one is kept aside"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--db"]
    static let help = """
        usage: gerbang restore FILE [--db FILE] [--json]

        Replaces the gateway's database with the backup FILE. Refused while a gateway runs
        on the database: stop it first. FILE is checked before anything changes (integrity,
        and a schema this gerbang runs: the same version or an older one, which the next
        'gerbang serve' migrates). The database it replaces is kept, whole (with what its
        -wal held), as DATABASE.replaced-YYYYMMDD-HHMMSS beside it; its -wal and -shm are
        removed, so no old journal is read as part of the restored file. Then start the
        gateway again: messages the backup had in its outbox go out under their idempotency
        keys, and cases that moved after the backup move again from the national systems'
        feeds and pushes.
        \(Common.databaseHelp)
        \(Common.jsonHelp)

        example: gerbang restore /var/backups/gerbang-2026-11-30.sqlite   (between systemctl stop and start gerbang)
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let file = try arguments.positionals("FILE", command: name)[0]
        let database = Common.databasePath(arguments)
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: database).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        // Held while restoring, so no gateway starts on a half-replaced database.
        let lock: InstanceLock
        do {
            lock = try InstanceLock(database: database)
        } catch let held as InstanceLockHeld {
            throw FailureError(message: "gerbang restore: a gateway (pid \(held.pid)) is running on \(database): stop it first "
                               + "(SIGTERM, or systemctl stop gerbang), then restore")
        }
        defer { lock.release() }
        let restored: DatabaseBackup.Restored
        do {
            restored = try DatabaseBackup.restore(file, into: database, at: Date())
        } catch {
            throw FailureError(message: "gerbang restore: \(error)")
        }
        if arguments.has("--json") {
            try console.json(restored)
        } else {
            let report = restored.database
            console.out("restored \(database) from \(file): \(report.cases) cases, schema v\(report.schemaVersion), integrity \(report.integrity)")
            console.out(restored.replacedKeptAt.map { "the database it replaced is kept as \($0)" } ?? "(there was no database to replace)")
        }
        return 0
    }
}
