import Foundation
import GatewayCore
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

/// Migration 5 rebuilds `cases` (its CHECK gains 'notEffective') on a database that already has cases.
@Suite struct CasesRebuildMigrationTests {
    @Test func casesAndTheirHistoryComeThroughAndForeignKeysStillHold() throws {
        let folder = try TemporaryFolder()
        let db = try SQLiteConnection(path: folder.path())
        try Migrator.migrate(db, migrations: Array(Schema.migrations.prefix(4)))
        // The case as today's store writes it, copied into the tables as version 4 had them.
        let opened = StoreFixtures.engine.open(caseID: "k-1", reference: "NIB-1", at: StoreFixtures.monday)
        let written = try CaseStore.open(path: folder.path("written.sqlite"))
        try written.save(opened)
        try written.scheduleDeadline(caseID: "k-1", step: 1, activation: 1, at: StoreFixtures.monday + 3600)
        try db.execute("""
            ATTACH '\(folder.path("written.sqlite"))' AS written;
            INSERT INTO cases SELECT id, process_id, reference, opened_at, updated_at, status, active_step, deadline_at, deadline_passed,
                                     outcome, position, pending_outcome, activations, version FROM written.cases;
            INSERT INTO case_history SELECT * FROM written.case_history;
            INSERT INTO deadlines SELECT * FROM written.deadlines;
            DETACH written;
            """)
        let store = CaseStore(db)
        #expect(throws: SQLiteError.self) { try db.run("UPDATE cases SET outcome = 'notEffective' WHERE id = 'k-1'") }

        #expect(try Migrator.migrate(db) == Schema.migrations.map(\.version).filter { $0 >= 5 })
        #expect(try store.load("k-1") == opened.case)
        #expect(try store.pendingDeadlines(dueBy: StoreFixtures.monday + 86_400).map(\.caseID) == ["k-1"])
        try db.run("UPDATE cases SET status = 'ended', outcome = 'notEffective' WHERE id = 'k-1'")
        #expect(try store.list().first?.outcome == .notEffective)
        // case_history still refers to cases, and the index is back.
        #expect(throws: SQLiteError.self) {
            try db.run("INSERT INTO case_history (case_id, sequence, at, kind, entry) VALUES ('nobody', 1, 0, 'opened', '{}')")
        }
        #expect(try db.firstText("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'cases_by_process'") == "cases_by_process")
        #expect(try db.firstText("PRAGMA foreign_keys") == "1")
    }
}

/// Migration 12 adds the held state: what waited behind a dead letter of its case before it is held after it.
@Suite struct HeldMessagesMigrationTests {
    @Test func aPendingMessageBehindADeadLetterOfItsCaseBecomesHeldAndOthersStayPending() throws {
        let folder = try TemporaryFolder()
        let db = try SQLiteConnection(path: folder.path())
        try Migrator.migrate(db, migrations: Array(Schema.migrations.prefix { $0.version <= 11 }))
        func insert(_ id: String, target: String, caseID: String, state: String) throws {
            try db.run("""
                INSERT INTO outbox (id, idempotency_key, target, kind, case_id, request, state, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, 'k', ?, '{"method":"POST","path":"/","body":""}', ?, 0, 0, 0)
                """, [.text(id), .text(id), .text(target), .text(caseID), .text(state)])
        }
        try insert("nomor-izin", target: "sipro", caseID: "II-1", state: "dead")
        try insert("siap-diambil", target: "sipro", caseID: "II-1", state: "pending")
        try insert("letter", target: "dpmptsp", caseID: "II-1", state: "pending")
        try insert("other", target: "sipro", caseID: "II-2", state: "pending")

        try Migrator.migrate(db)

        let outbox = OutboxStore(db)
        #expect(try outbox.message("siap-diambil")?.state == .held && outbox.message("siap-diambil")?.heldBehind == "nomor-izin")
        #expect(try outbox.message("letter")?.state == .pending && outbox.message("other")?.state == .pending)
        #expect(try outbox.replay("nomor-izin", at: Date()).released.map(\.id) == ["siap-diambil"])
    }
}

/// Migration 20 fills the permits' sweep columns from the commitments they already hold.
@Suite struct SweepColumnsMigrationTests {
    @Test func aRunningClocksDeadlinesAreFoundAfterTheMigrationAsTheStoreWritesThem() throws {
        let folder = try TemporaryFolder()
        let db = try SQLiteConnection(path: folder.path())
        try Migrator.migrate(db, migrations: Array(Schema.migrations.prefix(19)))
        let now = StoreFixtures.monday
        var running = PermitCommitments(idIzin: "I-1", nib: "812", kinds: [.industryData, .technicalVerification], at: now)
        running.startClock(at: now, workingDays: 1, calendar: StoreFixtures.calendar)
        _ = running.warnings(at: now + 86_400, calendar: StoreFixtures.calendar, warningWorkingSeconds: 8 * 3600)
        var other = PermitCommitments(idIzin: "I-2", nib: "812", kinds: [.technicalVerification], at: now)
        other.startClock(at: now, workingDays: 3, calendar: StoreFixtures.calendar)
        for commitments in [running, other, PermitCommitments(idIzin: "I-3", nib: "812", kinds: [.recommendation], at: now)] {
            try db.run("INSERT INTO permits (id_izin, nib, commitments, effectiveness, updated_at) VALUES (?, '812', ?, ?, 0)",
                       [.text(commitments.idIzin), .text(StoreJSON.text(commitments)), .text(PermitStore.label(commitments.effectiveness))])
        }
        try Migrator.migrate(db)
        let columns = try db.query("SELECT id_izin, warn_due_at, breach_due_at FROM permits ORDER BY id_izin") {
            [$0.string(0), $0.optionalDate(1).map(\.description) ?? "-", $0.optionalDate(2).map(\.description) ?? "-"]
        }
        let expected = [running, other, PermitCommitments(idIzin: "I-3", nib: "812", kinds: [.recommendation], at: now)].map { commitments in
            [commitments.idIzin, commitments.sweepDue.warning.map(\.description) ?? "-", commitments.sweepDue.breach.map(\.description) ?? "-"]
        }
        #expect(columns == expected)
        #expect(columns[0][1] == "-" && columns[0][2] != "-")  // warned already: only its passing is left
    }
}

/// Migration 22 rebuilds `cases` and `inbox` with their state constraints written as comparisons.
@Suite struct StateConstraintsMigrationTests {
    @Test func casesAndMessagesComeThroughAndTheConstraintsStillRefuseAnUnknownState() throws {
        let folder = try TemporaryFolder()
        let db = try SQLiteConnection(path: folder.path())
        try Migrator.migrate(db, migrations: Array(Schema.migrations.prefix(21)))
        let store = CaseStore(db)
        let opened = StoreFixtures.engine.open(caseID: "k-1", reference: "NIB-1", at: StoreFixtures.monday)
        try store.save(opened)
        let inbox = InboxStore(db)
        try inbox.keep(source: "oss", kind: "oss.receiveNIB", dedupKey: "k", body: Array("{}".utf8), headers: [], at: StoreFixtures.monday,
                       state: .processed, cases: ["k-1"])
        let indexes = { try db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('cases', 'inbox') ORDER BY name") { $0.string(0) } }
        let indexesBefore = try indexes()

        #expect(try Migrator.migrate(db).first == 22)
        #expect(try store.load("k-1") == opened.case)
        #expect(try inbox.find(dedupKey: "k")?.state == .processed && inbox.cases(of: 1) == ["k-1"])
        #expect(try indexes() == indexesBefore && indexesBefore.count > 4)
        #expect(throws: SQLiteError.self) { try db.run("UPDATE cases SET status = 'lost' WHERE id = 'k-1'") }
        #expect(throws: SQLiteError.self) { try db.run("UPDATE cases SET outcome = 'maybe' WHERE id = 'k-1'") }
        #expect(throws: SQLiteError.self) { try db.run("UPDATE inbox SET state = 'lost'") }
        // The count of cases is still kept: a case that ends moves from one key to another.
        try db.run("UPDATE cases SET status = 'ended', outcome = 'approved', active_step = NULL WHERE id = 'k-1'")
        #expect(try db.query("SELECT status, outcome, tallied FROM case_tallies WHERE tallied != 0") { "\($0.string(0)) \($0.string(1)) \($0.int(2))" }
                == ["ended approved 1"])
    }
}
