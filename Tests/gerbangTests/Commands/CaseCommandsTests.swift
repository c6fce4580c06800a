import Foundation
import GatewayTestSupport
import Testing

/// `gerbang cases` and `gerbang case` on a database the engine and the store filled.
@Suite struct CaseCommandsTests {
    let folder: TemporaryFolder
    let database: String

    init() throws {
        (folder, database) = try SampleDatabase.inNewFolder()
    }

    @Test func casesJSONListsEveryCaseWithItsState() throws {
        let output = try GerbangProcess.run(["cases", "--db", database, "--json"])
        #expect(output.status == 0)
        let cases = try #require(try GerbangProcess.json(output) as? [[String: Any]])
        #expect(cases.compactMap { $0["id"] as? String }.sorted() == ["RK-2026-000001", "VT-2026-000001"])
        #expect(cases.first { $0["id"] as? String == "VT-2026-000001" }?["status"] as? String == "ended")
        #expect(cases.first { $0["id"] as? String == "RK-2026-000001" }?["activeStep"] as? Int == 2)
    }

    @Test func casesCanBeFilteredBySOPAndStatus() throws {
        let teknis = try GerbangProcess.json(try GerbangProcess.run(["cases", "--db", database, "--sop", "verifikasi-teknis-izin-usaha-industri", "--json"])) as? [Any]
        #expect(teknis?.count == 1)
        let active = try GerbangProcess.json(try GerbangProcess.run(["cases", "--db", database, "--status", "active", "--json"])) as? [[String: Any]]
        #expect(active?.compactMap { $0["id"] as? String } == ["RK-2026-000001"])
        let atStep2 = try GerbangProcess.json(try GerbangProcess.run(["cases", "--db", database, "--step", "2", "--json"])) as? [[String: Any]]
        #expect(atStep2?.compactMap { $0["id"] as? String } == ["RK-2026-000001"])
        #expect((try GerbangProcess.json(try GerbangProcess.run(["cases", "--db", database, "--breached", "--json"])) as? [Any])?.isEmpty == true)
        #expect(try GerbangProcess.run(["cases", "--db", database, "--step", "two"]).status == 2)
    }

    @Test func caseJSONShowsTheHistoryWithWhoAndWhen() throws {
        let output = try GerbangProcess.run(["case", "VT-2026-000001", "--db", database, "--json"])
        #expect(output.status == 0)
        let shown = try #require(try GerbangProcess.json(output) as? [String: Any])
        #expect(shown["outcome"] as? String == "approved")
        let history = try #require(shown["history"] as? [[String: Any]])
        #expect(history.first?["event"] as? String == "opened")
        #expect(history.last?["event"] as? String == "ended")
        #expect(history.map { $0["sequence"] as? Int } == Array(1...history.count).map { $0 })
        let officerEntries = history.filter { ($0["actor"] as? String)?.contains("(kabid)") == true }
        #expect(!officerEntries.isEmpty)
        #expect(history.allSatisfy { ($0["at"] as? String)?.hasSuffix("+07:00") == true })
    }

    @Test func aCaseThatDoesNotExistExitsOneAndSaysHowToList() throws {
        let output = try GerbangProcess.run(["case", "tidak-ada", "--db", database])
        #expect(output.status == 1)
        #expect(output.stderr.contains("gerbang cases --db"))
    }

    @Test func aMissingDatabaseExitsOneAndSaysHowToMakeOne() throws {
        let output = try GerbangProcess.run(["cases", "--db", folder.path("none.sqlite")])
        #expect(output.status == 1)
        #expect(output.stderr.contains("no database here"))
    }

    @Test func aWrongStatusIsAUsageError() throws {
        let output = try GerbangProcess.run(["cases", "--db", database, "--status", "open"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("'active', 'frozen' or 'ended'"))
    }
}
