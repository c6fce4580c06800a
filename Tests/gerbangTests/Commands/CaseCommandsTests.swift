import Foundation
import GatewayTestSupport
import Testing

/// `gerbang cases` and `gerbang case` on a database the demo filled.
@Suite struct CaseCommandsTests {
    let folder: TemporaryFolder
    let database: String

    init() throws {
        folder = try TemporaryFolder()
        database = folder.path()
        let demo = try GerbangProcess.run(["demo", "--db", database])
        #expect(demo.status == 0, "\(demo.stderr)")
    }

    @Test func casesJSONListsEveryDemoCaseAsEnded() throws {
        let output = try GerbangProcess.run(["cases", "--db", database, "--json"])
        #expect(output.status == 0)
        let cases = try #require(try GerbangProcess.json(output) as? [[String: Any]])
        #expect(cases.count == 6)
        #expect(cases.allSatisfy { $0["status"] as? String == "ended" })
        #expect(Set(cases.compactMap { $0["sop"] as? String }).count == 5)
    }

    @Test func casesCanBeFilteredBySOPAndStatus() throws {
        let perluasan = try GerbangProcess.json(try GerbangProcess.run(["cases", "--db", database, "--sop", "izin-perluasan", "--json"])) as? [Any]
        #expect(perluasan?.count == 2)
        let active = try GerbangProcess.json(try GerbangProcess.run(["cases", "--db", database, "--status", "active", "--json"])) as? [Any]
        #expect(active?.isEmpty == true)
    }

    @Test func caseJSONShowsTheHistoryWithWhoAndWhen() throws {
        let output = try GerbangProcess.run(["case", "izin-perluasan-1", "--db", database, "--json"])
        #expect(output.status == 0)
        let shown = try #require(try GerbangProcess.json(output) as? [String: Any])
        #expect(shown["outcome"] as? String == "rejected")
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
        #expect(output.stderr.contains("'active' or 'ended'"))
    }
}
