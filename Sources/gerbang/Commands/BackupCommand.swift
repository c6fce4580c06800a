import Foundation
import GatewayStore

/// `gerbang backup FILE`: a consistent copy of the database while the daemon runs.
enum BackupCommand: Command {
    struct Report: Encodable {
        let file: String
        let bytes: Int
        let cases: Int
        let schemaVersion: Int
        let integrity: String
    }

    static let name = "backup"
    static let summary = "copy the database consistently while the gateway runs (SQLite online backup)"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--db"]
    static let help = """
        usage: gerbang backup FILE [--db FILE] [--json]

        Copies the gateway's database to FILE with SQLite's online backup API: the copy
        is the database as it stood at one moment, with every case committed before the
        backup began, while the daemon goes on writing. The copy is then opened and
        checked (PRAGMA integrity_check). FILE must not exist yet.
        \(Common.databaseHelp)
        \(Common.jsonHelp)

        example: gerbang backup /var/backups/gerbang-$(date +%F).sqlite
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let target = try arguments.positionals("FILE", command: name)[0]
        guard !FileManager.default.fileExists(atPath: target) else {
            throw FailureError(message: "gerbang backup: \(target) already exists: name a new file (a backup never overwrites one)")
        }
        let source = Common.databasePath(arguments)
        let database = try GatewayDatabase.openForReading(path: source)
        do {
            try database.connection.backup(to: target)
        } catch {
            try? FileManager.default.removeItem(atPath: target)
            throw FailureError(message: "gerbang backup: \(error)")
        }
        let copy = try GatewayDatabase.openForReading(path: target)
        let integrity = try copy.connection.firstText("PRAGMA integrity_check") ?? "?"
        let report = Report(
            file: target, bytes: (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0,
            cases: Int(try copy.connection.firstText("SELECT count(*) FROM cases") ?? "0") ?? 0,
            schemaVersion: try Migrator.appliedVersions(copy.connection).max() ?? 0, integrity: integrity)
        if arguments.has("--json") {
            try console.json(report)
        } else {
            console.out("backup \(target): \(report.cases) cases, schema v\(report.schemaVersion), \(report.bytes / 1024) KB, integrity \(integrity)")
        }
        return integrity == "ok" ? 0 : 1
    }
}
