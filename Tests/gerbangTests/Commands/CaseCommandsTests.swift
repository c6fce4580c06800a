import Foundation
import GatewayStore
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
        let detail = try #require(try GerbangProcess.json(output) as? [String: Any])
        // The API's case: what it awaits, its permits, outbox, documents and sync log besides the case itself.
        #expect(Set(detail.keys) == ["case", "task", "keys", "permits", "outbox", "documents", "syncLog"])
        let shown = try #require(detail["case"] as? [String: Any])
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

    @Test func theCaseTableSaysWhatItAwaitsAndListsItsPermits() throws {
        let output = try GerbangProcess.run(["case", "RK-2026-000001", "--db", database])
        #expect(output.status == 0)
        #expect(output.stdout.contains("at step 2:") && output.stdout.contains("waits for "))
        #expect(output.stdout.contains("2026-12-17 08:00:00"))  // history times with their date and seconds
    }

    @Test func permitsShowWhatOSSLastSaidAndTheStateOfTheLastPushToOSS() throws {
        let store = try GatewayDatabase.open(path: database)
        try store.permits.recordOSSStatus("I-20261217093000000000301", code: "12", at: SampleDatabase.start + 60)
        let push = OutboxMessage(id: "RK-2026-000001/status/45", idempotencyKey: "RK-2026-000001/status/45", target: "oss", kind: "oss.status",
                                 caseID: "RK-2026-000001", idIzin: "I-20261217093000000000301",
                                 request: .init(method: "POST", path: "/v1/kl/rba/receiveLicenseStatus", body: "{}"), createdAt: SampleDatabase.start)
        try store.outbox.enqueue(push)
        try store.outbox.markFailed(push.id, attempt: 3, status: 503, error: "unavailable", nextAttempt: nil)
        let output = try GerbangProcess.run(["permits", "--db", database])
        let row = try #require(output.stdout.split(separator: "\n").first { $0.hasPrefix("I-20261217093000000000301") })
        #expect(row.contains(" 12 ") && row.contains("dead (HTTP 503)"), "\(row)")
        let json = try #require(try GerbangProcess.json(try GerbangProcess.run(["permits", "--db", database, "--json"])) as? [[String: Any]])
        #expect((json.first?["push"] as? [String: Any])?["state"] as? String == "dead" && json.first?["ossStatus"] as? String == "12")
    }

    @Test func unknownFilterValuesAreUsageErrorsNamingTheValidOnes() throws {
        let sop = try GerbangProcess.run(["cases", "--db", database, "--sop", "nosuch"])
        #expect(sop.status == 2 && sop.stderr.contains("--sop 'nosuch' is not known") && sop.stderr.contains("izin-perluasan"))
        let system = try GerbangProcess.run(["log", "--db", database, "--system", "foo"])
        #expect(system.status == 2 && system.stderr.contains("dpmptsp, gateway, oss, siinas, sipro"))
        let caseID = try GerbangProcess.run(["outbox", "--db", database, "--case", "XX-1"])
        #expect(caseID.status == 2 && caseID.stderr.contains("--case 'XX-1' is no case"))
        let since = try GerbangProcess.run(["log", "--db", database, "--since", "yesterday"])
        #expect(since.status == 2 && since.stderr.contains("is no time"))
    }

    @Test func aListingCutByItsLimitSaysSoAndTheNextPageContinuesIt() throws {
        let first = try GerbangProcess.run(["cases", "--db", database, "--limit", "1"])
        #expect(first.status == 0)
        let note = try #require(first.stdout.split(separator: "\n").last.map(String.init))
        #expect(note.hasPrefix("1 of 2 shown; next: --after "))
        let cursor = String(note.dropFirst("1 of 2 shown; next: --after ".count))
        let second = try GerbangProcess.run(["cases", "--db", database, "--limit", "1", "--after", cursor, "--json"])
        let rows = try #require(try GerbangProcess.json(second) as? [[String: Any]])
        #expect(rows.count == 1 && rows.first?["id"] as? String != cursor)
        #expect(second.stderr.isEmpty)  // the last page: nothing cut
        let both = Set((try GerbangProcess.json(try GerbangProcess.run(["cases", "--db", database, "--json"])) as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(both == [cursor, rows.first?["id"] as? String ?? ""])
    }

    @Test func theLogShowsFullDatesTakesSinceAndUntilAndSaysWhenItIsCut() throws {
        let store = try GatewayDatabase.open(path: database)
        let day = 86_400.0
        for (offset, method) in [(-day + 7200, "receiveNIB"), (3600, "checkLicenseStatus"), (day + 14_400, "uploadBAP")] {
            try store.syncLog.append(SyncLogEntry(at: SampleDatabase.start + offset, system: "oss", method: method, direction: .incoming,
                                                  outcome: "accepted"))
        }
        // SampleDatabase.start is 17 December 2026, 08:00 in Jakarta.
        let between = try GerbangProcess.run(["log", "--db", database, "--since", "2026-12-17", "--until", "2026-12-18"])
        #expect(between.status == 0)
        #expect(between.stdout.contains("2026-12-17 09:00:00") && between.stdout.contains("checkLicenseStatus"))
        #expect(!between.stdout.contains("receiveNIB") && !between.stdout.contains("uploadBAP"))
        let cut = try GerbangProcess.run(["log", "--db", database, "--limit", "1"])
        let note = try #require(cut.stdout.split(separator: "\n").last.map(String.init))
        #expect(note.hasPrefix("1 of 3 shown; earlier: --before "))
        let earlier = try GerbangProcess.run(["log", "--db", database, "--limit", "5", "--before", String(note.split(separator: " ").last ?? "")])
        #expect(earlier.stdout.contains("receiveNIB") && earlier.stdout.contains("checkLicenseStatus") && !earlier.stdout.contains("uploadBAP"))
        // A limit that all the entries fill exactly cuts nothing, and says nothing.
        #expect(!(try GerbangProcess.run(["log", "--db", database, "--limit", "3"])).stdout.contains("shown;"))
    }
}
