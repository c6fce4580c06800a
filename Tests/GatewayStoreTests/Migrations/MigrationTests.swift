import GatewayTestSupport
import Testing
@testable import GatewayStore

@Suite struct MigrationTests {
    @Test func migrationsApplyOnceAndAreRecorded() throws {
        let folder = try TemporaryFolder()
        let db = try SQLiteConnection(path: folder.path())
        #expect(try Migrator.migrate(db) == Schema.migrations.map(\.version))
        #expect(try Migrator.migrate(db) == [])
        #expect(try Migrator.appliedVersions(db) == Schema.migrations.map(\.version))
    }

    @Test func aDatabaseFromANewerGerbangIsRefused() throws {
        let folder = try TemporaryFolder()
        let db = try SQLiteConnection(path: folder.path())
        try Migrator.migrate(db)
        try db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)")
        #expect(throws: MigrationError.databaseIsNewer(path: folder.path(), version: 99, known: Schema.migrations.count)) {
            try Migrator.migrate(db)
        }
    }

    @Test func aFailingMigrationLeavesNoTraceAndNoRecord() throws {
        let folder = try TemporaryFolder()
        let db = try SQLiteConnection(path: folder.path())
        let broken = [Migration(version: 1, name: "half", sql: "CREATE TABLE a (x); CREATE TABLE a (y);")]
        #expect(throws: SQLiteError.self) { try Migrator.migrate(db, migrations: broken) }
        #expect(try Migrator.appliedVersions(db) == [])
        #expect(try db.query("SELECT name FROM sqlite_master WHERE name = 'a'") { $0.string(0) } == [])
    }
}
