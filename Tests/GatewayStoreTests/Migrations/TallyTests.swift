import Foundation
import GatewayTestSupport
import Testing
@testable import GatewayStore

@Suite struct TallyTests {
    /// A table like the counted ones: a key column, one that may be NULL (an outcome), one that is not part of the key.
    static let tally = Tally("thing_tallies", of: "things", by: [.init("kind"), .init("outcome", "coalesce(ROW.outcome, '')")])

    let folder: TemporaryFolder
    let db: SQLiteConnection

    init() throws {
        folder = try TemporaryFolder()
        db = try SQLiteConnection(path: folder.path())
        try db.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, outcome TEXT, note TEXT)")
    }

    /// What the tally says, and what counting the table says, as the same text.
    func counts() throws -> (tallied: [String], counted: [String]) {
        let tallied = try db.query("SELECT kind, outcome, tallied FROM thing_tallies WHERE tallied > 0 ORDER BY 1, 2") {
            "\($0.string(0)) \($0.string(1)) \($0.int(2))"
        }
        let counted = try db.query("SELECT kind, coalesce(outcome, ''), count(*) FROM things GROUP BY 1, 2 ORDER BY 1, 2") {
            "\($0.string(0)) \($0.string(1)) \($0.int(2))"
        }
        return (tallied, counted)
    }

    @Test func rowsAlreadyThereAreCountedWhenTheTallyIsMade() throws {
        try db.execute("INSERT INTO things (kind, outcome) VALUES ('a', NULL), ('a', NULL), ('b', 'x')")
        try db.execute(Self.tally.sql)
        #expect(try counts().tallied == ["a  2", "b x 1"])
    }

    @Test func insertsUpdatesAndDeletesKeepTheCountsEqualToTheTable() throws {
        try db.execute(Self.tally.sql)
        var generator = SystemRandomNumberGenerator()
        let kinds = ["a", "b", "c"]
        let outcomes: [SQLiteValue] = [.null, .text("x"), .text("y")]
        for _ in 0..<300 {
            let id = Int.random(in: 1...20, using: &generator)
            let kind = SQLiteValue.text(kinds.randomElement(using: &generator)!)
            let outcome = outcomes.randomElement(using: &generator)!
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: try db.run("INSERT OR IGNORE INTO things (id, kind, outcome) VALUES (?, ?, ?)", [.int(id), kind, outcome])
            case 1: try db.run("UPDATE things SET kind = ?, outcome = ? WHERE id = ?", [kind, outcome, .int(id)])
            case 2: try db.run("UPDATE things SET note = 'seen' WHERE id = ?", [.int(id)])
            default: try db.run("DELETE FROM things WHERE id = ?", [.int(id)])
            }
            let (tallied, counted) = try counts()
            #expect(tallied == counted)
            if tallied != counted { return }
        }
    }

    @Test func anUpdateThatLeavesTheKeyAloneDoesNotTouchTheTally() throws {
        try db.execute(Self.tally.sql)
        try db.run("INSERT INTO things (kind) VALUES ('a')")
        let before = db.totalChanges
        try db.run("UPDATE things SET note = 'seen'")
        try db.run("UPDATE things SET kind = 'a'")
        #expect(db.totalChanges - before == 2)  // the two rows of things, no row of thing_tallies
    }

    @Test func theMigratedDatabaseCountsEveryTallyItsTableHolds() throws {
        try Migrator.migrate(db)
        for tally in Schema.tallies {
            #expect(try db.firstText("SELECT count(*) FROM \(tally.name)") == "0")
            // Inserts into the tables their stores count have no trigger left (migration 21).
            let triggers = Schema.countedByStore.contains { $0.name == tally.name } ? "2" : "3"
            #expect(try db.firstText("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '\(tally.table)' AND name LIKE '\(tally.name)%'") == triggers)
        }
    }

    @Test func insertsCountedAtCommitAndUpdatesAndDeletesByTriggerKeepTheCountsEqualToTheTableThroughRollbacks() throws {
        struct Refused: Error {}
        try db.execute(Self.tally.sql + Self.tally.countedByStore)
        var generator = SystemRandomNumberGenerator()
        let kinds = ["a", "b", "c"]
        let outcomes: [String?] = [nil, "x", "y"]
        func change(_ generator: inout SystemRandomNumberGenerator) throws {
            let id = Int.random(in: 1...20, using: &generator)
            let kind = kinds.randomElement(using: &generator)!
            let outcome = outcomes.randomElement(using: &generator)!
            switch Int.random(in: 0..<4, using: &generator) {
            case 0:
                // As a store inserts: the row, then its count, added when the transaction commits.
                if try db.run("INSERT OR IGNORE INTO things (id, kind, outcome) VALUES (?, ?, ?)", [.int(id), .text(kind), .string(outcome)]) == 1 {
                    try db.addToCounters(Self.tally.addition, key: [.text(kind), .text(outcome ?? "")], amounts: [1])
                }
            case 1: try db.run("UPDATE things SET kind = ?, outcome = ? WHERE id = ?", [.text(kind), .string(outcome), .int(id)])
            case 2: try db.run("UPDATE things SET note = 'seen' WHERE id = ?", [.int(id)])
            default: try db.run("DELETE FROM things WHERE id = ?", [.int(id)])
            }
        }
        for _ in 0..<60 {
            // A group of jobs in savepoints, as the writer runs them; some roll back.
            try db.transaction {
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    try? db.transaction {
                        for _ in 0..<Int.random(in: 1...4, using: &generator) { try change(&generator) }
                        if Bool.random(using: &generator) { throw Refused() }
                    }
                }
            }
            let (tallied, counted) = try counts()
            #expect(tallied == counted)
            if tallied != counted { return }
        }
    }
}
