import GatewayTestSupport
import CSQLite
import Foundation
import Testing
@testable import GatewayStore

@Suite struct SQLiteConnectionTests {
    let folder: TemporaryFolder
    let db: SQLiteConnection

    init() throws {
        folder = try TemporaryFolder()
        db = try SQLiteConnection(path: folder.path())
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
    }

    func names() throws -> [String] {
        try db.query("SELECT name FROM t ORDER BY id") { $0.string(0) }
    }

    @Test func opensInWALWithFullSynchronousCommitsAndSavepointJournalsInMemory() throws {
        #expect(try db.query("PRAGMA journal_mode") { $0.string(0) } == ["wal"])
        #expect(try db.query("PRAGMA synchronous") { $0.int(0) } == [2])  // 2 = FULL
        #expect(try db.query("PRAGMA foreign_keys") { $0.int(0) } == [1])
        #expect(try db.query("PRAGMA temp_store") { $0.int(0) } == [2])  // 2 = MEMORY: a job's savepoint is no temporary file
    }

    @Test func aTransactionCommitsEverythingOrNothing() throws {
        struct Stop: Error {}
        try db.transaction { try db.run("INSERT INTO t (name) VALUES (?)", [.text("a")]) }
        #expect(throws: Stop.self) {
            try db.transaction {
                try db.run("INSERT INTO t (name) VALUES (?)", [.text("b")])
                throw Stop()
            }
        }
        #expect(try names() == ["a"])
    }

    @Test func theFirstErrorIsReportedNotTheRollbacks() throws {
        try db.run("INSERT INTO t (name) VALUES ('a')")
        do {
            try db.transaction { try db.run("INSERT INTO t (name) VALUES ('a')") }
            Issue.record("a duplicate was inserted")
        } catch let error as SQLiteError {
            #expect(error.isConstraintViolation)
            #expect(error.extendedCode == 2067)  // SQLITE_CONSTRAINT_UNIQUE, a macro Swift does not import
            #expect(error.sql == "INSERT INTO t (name) VALUES ('a')")
            #expect(error.description.contains("UNIQUE constraint failed: t.name"))
        }
        #expect(!db.isInTransaction)
    }

    @Test func aNestedTransactionRollsBackAloneAsASavepoint() throws {
        struct Stop: Error {}
        try db.transaction {
            try db.run("INSERT INTO t (name) VALUES ('outer')")
            try? db.transaction {
                try db.run("INSERT INTO t (name) VALUES ('inner')")
                throw Stop()
            }
        }
        #expect(try names() == ["outer"])
    }

    @Test func atomicWorkAloneIsItsOwnTransactionAndInsideOneFailsWithIt() throws {
        #expect(throws: SQLiteError.self) {
            try db.atomically {
                try db.run("INSERT INTO t (name) VALUES ('a')")
                try db.run("INSERT INTO t (name) VALUES ('a')")  // the UNIQUE name: the first insert goes too
            }
        }
        #expect(try names().isEmpty)
        #expect(throws: SQLiteError.self) {
            try db.transaction {
                try db.run("INSERT INTO t (name) VALUES ('b')")
                try db.atomically { try db.run("INSERT INTO t (name) VALUES ('c')") }
                try db.run("INSERT INTO t (name) VALUES ('b')")
            }
        }
        #expect(try names().isEmpty)
        try db.transaction { try db.atomically { try db.run("INSERT INTO t (name) VALUES ('d')") } }
        #expect(try names() == ["d"])
    }

    @Test func countersAreAddedOnceAtCommitWithoutWhatARolledBackSavepointAdded() throws {
        struct Refused: Error {}
        try db.execute("CREATE TABLE counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL, m INTEGER NOT NULL)")
        let upsert = "INSERT INTO counts VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n, m = m + excluded.m"
        let counts = { try db.query("SELECT name, n, m FROM counts ORDER BY name") { "\($0.string(0)) \($0.int(1)) \($0.int(2))" } }
        try db.addToCounters(upsert, key: [.text("a")], amounts: [1, 0])  // outside a transaction: at once
        #expect(try counts() == ["a 1 0"])
        let changesBefore = db.totalChanges
        try db.transaction {
            for _ in 0..<3 { try db.addToCounters(upsert, key: [.text("a")], amounts: [1, 1]) }
            try db.transaction { try db.addToCounters(upsert, key: [.text("b")], amounts: [5, 0]) }
            try? db.transaction {
                try db.addToCounters(upsert, key: [.text("a")], amounts: [100, 100])
                throw Refused()
            }
            #expect(try counts() == ["a 1 0"])  // nothing written before the commit
        }
        #expect(try counts() == ["a 4 3", "b 5 0"])
        #expect(db.totalChanges - changesBefore == 2)  // one statement a row of counters
    }

    @Test func theWrongNumberOfValuesIsAnErrorNotACrash() {
        #expect(throws: SQLiteError.self) { try db.run("INSERT INTO t (name) VALUES (?)", []) }
    }

    @Test func aWriteTransactionTakesTheLockAtBeginNotAtCommit() throws {
        let other = try SQLiteConnection(path: folder.path(), options: .init(busyTimeoutMilliseconds: 0))
        try db.transaction {
            try db.run("INSERT INTO t (name) VALUES ('first')")
            // BEGIN IMMEDIATE: the second writer is turned away at its start, before it has done any work.
            do {
                try other.transaction { try other.run("INSERT INTO t (name) VALUES ('second')") }
                Issue.record("two write transactions ran at once")
            } catch let error as SQLiteError {
                #expect(error.isBusy)
                #expect(error.sql == "BEGIN IMMEDIATE")
            }
        }
        try other.transaction { try other.run("INSERT INTO t (name) VALUES ('second')") }
        #expect(try names() == ["first", "second"])
    }

    @Test func aDatabaseThatCannotBeOpenedSaysWhere() {
        do {
            _ = try SQLiteConnection(path: "/nonexistent-folder/x.sqlite")
            Issue.record("opened a database in a missing folder")
        } catch {
            #expect(error.message.contains("/nonexistent-folder/x.sqlite"))
        }
    }

    @Test func aBackupIsOneFileThatOpensWithNothingBesideIt() throws {
        try db.run("INSERT INTO t (name) VALUES (?)", [.text("kept")])
        try db.backup(to: folder.path("copy.sqlite"))
        let copy = try SQLiteConnection(path: folder.path("copy.sqlite"), options: .init(readOnly: true))
        #expect(try copy.query("SELECT name FROM t") { $0.string(0) } == ["kept"])
        #expect(try copy.query("PRAGMA journal_mode") { $0.string(0) } == ["delete"])
        #expect(!FileManager.default.fileExists(atPath: folder.path("copy.sqlite-wal")))
        #expect(!FileManager.default.fileExists(atPath: folder.path("copy.sqlite-shm")))
    }

    @Test func aCheckpointPutsWhatWasCommittedIntoTheDatabaseFileItself() throws {
        try db.disableAutomaticCheckpoints()
        try db.run("INSERT INTO t (name) VALUES (?)", [.text("committed")])
        #expect(try copyOfTheFileAlone().isEmpty)  // still only in the WAL
        let done = try SQLiteConnection(path: folder.path()).checkpoint(.passive)  // another connection, as the gateway's checkpointer
        #expect(done.walFrames > 0 && done.isComplete)
        #expect(try copyOfTheFileAlone() == ["committed"])
    }

    /// The .sqlite file copied without its -wal, as `cp` in a backup script would: the names it holds.
    private func copyOfTheFileAlone() throws -> [String] {
        let copy = folder.path("alone-\(UUID().uuidString).sqlite")
        try FileManager.default.copyItem(atPath: folder.path(), toPath: copy)
        let connection = try SQLiteConnection(path: copy, options: .init(readOnly: true))
        let tables = try connection.query("SELECT name FROM sqlite_master WHERE name = 't'") { $0.string(0) }
        return tables.isEmpty ? [] : try connection.query("SELECT name FROM t ORDER BY id") { $0.string(0) }
    }
}
