import Foundation
import GatewayTestSupport
import Testing

/// `gerbang tasks`, `gerbang decide` and `gerbang permits` on the sample database, decisions through a running gateway.
@Suite struct TaskCommandsTests {
    let folder: TemporaryFolder
    let database: String

    init() throws {
        (folder, database) = try SampleDatabase.inNewFolder()
    }

    @Test func tasksListWhatWaitsForARoleWithTheTimeLeft() throws {
        let listed = try GerbangProcess.run(["tasks", "--role", "tim-teknis", "--db", database, "--json"])
        #expect(listed.status == 0)
        let tasks = try #require(try GerbangProcess.json(listed) as? [[String: Any]])
        #expect(tasks.map { $0["id"] as? String } == ["RK-2026-000001"])
        #expect(tasks.first?["step"] as? Int == 2 && tasks.first?["workingSecondsLeft"] is Int && tasks.first?["timeLeft"] is String)
        #expect(try GerbangProcess.run(["tasks", "--role", "tim-teknis", "--db", database]).stdout.contains("RK-2026-000001"))
        #expect(try GerbangProcess.run(["tasks", "--role", "kadis", "--db", database]).stdout.contains("nothing waits for kadis"))
        let unknown = try GerbangProcess.run(["tasks", "--role", "bupati", "--db", database])
        #expect(unknown.status == 2 && unknown.stderr.contains("kabid"))
        #expect(try GerbangProcess.run(["tasks", "--db", database]).status == 2)
    }

    @Test func decideCompletesTheActiveStepOnlyWithATokenOfItsRole() throws {
        let gateway = try GerbangProcess.serve(database: database)
        defer { gateway.kill() }
        let wrongRole = try GerbangProcess.run(["decide", "RK-2026-000001", "--yes", "--token", "dev-kabid", "--gateway", gateway.url])
        #expect(wrongRole.status == 1 && wrongRole.stderr.contains("403") && wrongRole.stderr.contains("role tim-teknis"))
        // No token: the development admin's, as for every command that changes state; admin is not the step's role.
        #expect(try GerbangProcess.run(["decide", "RK-2026-000001", "--yes", "--gateway", gateway.url]).stderr.contains("role tim-teknis"))
        #expect(try GerbangProcess.run(["decide", "RK-2026-000001", "--yes", "--no", "--token", "x", "--gateway", gateway.url]).status == 2)

        let document = folder.url.appendingPathComponent("telaah.pdf")
        try Data("%PDF-1.4\n% telaah\n%%EOF\n".utf8).write(to: document)
        let decided = try GerbangProcess.run(["decide", "RK-2026-000001", "--yes", "--note", "Berkas sesuai", "--document", document.path,
                                              "--token", "dev-tim-teknis", "--gateway", gateway.url])
        #expect(decided.status == 0, "\(decided.stderr)")
        #expect(decided.stdout.contains("step 2 done; now at step 3"))
        let shown = try GerbangProcess.run(["case", "RK-2026-000001", "--db", database])
        #expect(shown.stdout.contains("Berkas sesuai") && shown.stdout.contains("telaah.pdf"))
        let ended = try GerbangProcess.run(["decide", "VT-2026-000001", "--yes", "--token", "dev-kadis", "--gateway", gateway.url])
        #expect(ended.status == 1 && ended.stderr.contains("has ended"))
        // Confirming in the applicant's place is for an applicant's step only: step 3 is the Tim Teknis's own.
        let notTheirs = try GerbangProcess.run(["decide", "RK-2026-000001", "--confirm-for-applicant", "--note", "tampil di OSS",
                                                "--token", "dev-tim-teknis", "--gateway", gateway.url])
        #expect(notTheirs.status == 1 && notTheirs.stderr.contains("is not the applicant's"), "\(notTheirs.stderr)")
    }

    @Test func withdrawClosesACaseForTheKadisWithTheReasonAndNeedsOne() throws {
        let gateway = try GerbangProcess.serve(database: database)
        defer { gateway.kill() }
        #expect(try GerbangProcess.run(["withdraw", "RK-2026-000001", "--gateway", gateway.url]).status == 2)  // no reason
        let wrongRole = try GerbangProcess.run(["withdraw", "RK-2026-000001", "--reason", "ditarik", "--token", "dev-kabid", "--gateway", gateway.url])
        #expect(wrongRole.status == 1 && wrongRole.stderr.contains("403") && wrongRole.stderr.contains("kadis or admin"))
        let closed = try GerbangProcess.run(["withdraw", "RK-2026-000001", "--reason", "Permohonan ditarik pemohon", "--token", "dev-kadis",
                                             "--gateway", gateway.url])
        #expect(closed.status == 0, "\(closed.stderr)")
        #expect(closed.stdout.contains("closed, withdrawn"))
        let shown = try GerbangProcess.run(["case", "RK-2026-000001", "--db", database, "--json"])
        let detail = try #require(try GerbangProcess.json(shown) as? [String: Any])
        #expect((detail["case"] as? [String: Any])?["outcome"] as? String == "withdrawn")
    }

    @Test func permitsShowTheirCommitments() throws {
        let listed = try GerbangProcess.run(["permits", "--not-effective", "--db", database, "--json"])
        #expect(listed.status == 0)
        let permits = try #require(try GerbangProcess.json(listed) as? [[String: Any]])
        #expect(permits.map { $0["idIzin"] as? String } == ["I-20261217093000000000301"])
        #expect(permits.first?["caseID"] as? String == "RK-2026-000001" && permits.first?["effectiveness"] as? String == "pending")
        let commitments = try #require(permits.first?["commitments"] as? [[String: Any]])
        #expect(commitments.map { $0["kind"] as? String } == ["recommendation"])
        #expect(try GerbangProcess.run(["permits", "--db", database]).stdout.contains("recommendation"))
    }
}
