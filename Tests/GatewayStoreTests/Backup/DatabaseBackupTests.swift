import Foundation
import GatewayTestSupport
import Testing
@testable import GatewayStore

/// Backups and restores of the gateway's database, as files an operator handles.
@Suite struct DatabaseBackupTests {
    let folder: TemporaryFolder
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    init() throws {
        folder = try TemporaryFolder()
    }

    /// A gateway database holding the given cursors, closed.
    private func database(_ name: String, cursors: [String]) throws -> String {
        let path = folder.path(name)
        let database = try GatewayDatabase.open(path: path)
        for key in cursors { try database.cursors.set(key, to: "1", at: now) }
        return path
    }

    private func cursors(_ path: String) throws -> [String] {
        try GatewayDatabase.openForReading(path: path).cursors.all().keys.sorted()
    }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @Test func aBackupIsVerifiedAndStandsAlone() throws {
        let source = try database("gerbang.sqlite", cursors: ["siinas"])
        let report = try DatabaseBackup.backup(source, to: folder.path("copy.sqlite"))
        #expect(report.integrity == "ok" && report.schemaVersion == Schema.version)
        #expect(!exists(folder.path("copy.sqlite-wal")) && !exists(folder.path("copy.sqlite-shm")))
        #expect(try cursors(folder.path("copy.sqlite")) == ["siinas"])
    }

    @Test func aRestorePutsTheBackupInPlaceAndKeepsTheReplacedDatabaseWhole() throws {
        let live = try database("gerbang.sqlite", cursors: ["siinas"])
        _ = try DatabaseBackup.backup(live, to: folder.path("backup.sqlite"))
        try GatewayDatabase.open(path: live).cursors.set("sipro", to: "2", at: now)

        let restored = try DatabaseBackup.restore(folder.path("backup.sqlite"), into: live, at: now)

        #expect(!exists(live + "-wal") && !exists(live + "-shm") && !exists(live + ".restoring"))
        #expect(try cursors(live) == ["siinas"])
        let kept = try #require(restored.replacedKeptAt)
        #expect(kept == live + ".replaced-" + DatabaseBackup.stamp(now))
        #expect(try cursors(kept) == ["siinas", "sipro"])
    }

    @Test func aRestoreIntoAFolderWithNoDatabaseKeepsNothingAside() throws {
        let backup = try database("backup.sqlite", cursors: ["siinas"])
        let restored = try DatabaseBackup.restore(backup, into: folder.path("fresh.sqlite"), at: now)
        #expect(restored.replacedKeptAt == nil && restored.database.integrity == "ok")
        #expect(try cursors(folder.path("fresh.sqlite")) == ["siinas"])
    }

    @Test func aFileThatIsNotAGatewayDatabaseIsRefusedAndNothingChanges() throws {
        let live = try database("gerbang.sqlite", cursors: ["siinas"])
        try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: folder.path("notes.txt")))
        let empty = folder.path("empty.sqlite")
        try SQLiteConnection(path: empty).execute("CREATE TABLE t (x)")

        for file in [folder.path("notes.txt"), empty] {
            #expect {
                try DatabaseBackup.restore(file, into: live, at: now)
            } throws: { error in
                guard case .notADatabase(let refused, _) = error as? BackupError else { return false }
                return refused == file
            }
        }
        #expect(try cursors(live) == ["siinas"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.contains("replaced") }.isEmpty)
    }

    @Test func aBackupFromANewerGerbangIsRefused() throws {
        let newer = try database("newer.sqlite", cursors: [])
        let known = Schema.version
        try SQLiteConnection(path: newer).run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 0)", [.int(known + 1)])
        #expect(throws: BackupError.newerSchema(file: newer, found: known + 1, known: known)) {
            try DatabaseBackup.verify(newer)
        }
    }

    @Test func aBackupNeverOverwritesAFile() throws {
        let source = try database("gerbang.sqlite", cursors: [])
        try Data("keep".utf8).write(to: URL(fileURLWithPath: folder.path("copy.sqlite")))
        #expect(throws: BackupError.targetExists(folder.path("copy.sqlite"))) {
            try DatabaseBackup.backup(source, to: folder.path("copy.sqlite"))
        }
        #expect(try String(contentsOfFile: folder.path("copy.sqlite"), encoding: .utf8) == "keep")
    }
}
