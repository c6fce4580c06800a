import Foundation
import GatewayTestSupport
import Testing

/// `gerbang pause|resume` and `gerbang token` against a running gateway.
@Suite struct AdminCommandsTests {
    let folder: TemporaryFolder
    let gateway: GatewayProcess

    init() throws {
        folder = try TemporaryFolder()
        try SampleDatabase.make(at: folder.path())
        gateway = try GerbangProcess.serve(database: folder.path())
    }

    func gerbang(_ words: String...) throws -> GerbangProcess.Output {
        try GerbangProcess.run(words + ["--gateway", gateway.url])
    }

    @Test func pausingAndResumingASystem() throws {
        let paused = try gerbang("pause", "siinas", "--note", "pemeliharaan")
        #expect(paused.status == 0 && paused.stdout.contains("siinas: deliveries paused"))
        #expect(try gerbang("pause", "siinas").stdout.contains("(already)"))
        let unknown = try gerbang("pause", "bkpm")
        #expect(unknown.status == 1 && unknown.stderr.contains("oss, siinas, sipro, dpmptsp"))
        #expect(try GerbangProcess.run(["pause", "oss", "--gateway", gateway.url, "--token", "dev-kabid"]).status == 1)
        #expect(try gerbang("resume", "siinas").stdout.contains("siinas: deliveries running"))
        #expect(try gerbang("pause").status == 2)
        let json = try #require(try GerbangProcess.json(try gerbang("pause", "sipro", "--json")) as? [String: Any])
        #expect(json["changed"] as? Bool == true && json["paused"] as? Bool == true)
        #expect(try gerbang("resume", "sipro", "--json").stdout.hasPrefix("{\n"))  // indented as every --json
    }

    @Test func decideTakesItsTokenAsEveryOtherCommandDoes() throws {
        // No --token: the development admin token, as pause uses; the gateway then says which role the step needs.
        let decided = try gerbang("decide", "RK-2026-000001", "--yes")
        #expect(decided.status == 1)
        #expect(decided.stderr.contains("the gateway answered 403") && decided.stderr.contains("this token is for admin"), "\(decided.stderr)")
        #expect(!decided.stderr.contains("--token is required"))
    }

    @Test func sopMigrateSendsTheMapToTheGatewayAndSaysWhyNothingMoved() throws {
        let map = folder.path("peta.json")
        try #"{"1": 1}"#.write(toFile: map, atomically: true, encoding: .utf8)
        let same = try gerbang("sop", "migrate", "rekomendasi-izin-usaha-industri", "--from", "1", "--to", "1", "--map", map, "--dry-run")
        #expect(same.status == 1 && same.stderr.contains("no case of SOP 'rekomendasi-izin-usaha-industri' was moved"), "\(same.stderr)")
        #expect(same.stderr.contains("version 1 is both the old and the new one"))
        let unknown = try gerbang("sop", "migrate", "rekomendasi-izin-usaha-industri", "--from", "1", "--to", "2", "--map", map)
        #expect(unknown.status == 1 && unknown.stderr.contains("has no stored version 2"))

        try #"{"satu": 1}"#.write(toFile: map, atomically: true, encoding: .utf8)
        let broken = try gerbang("sop", "migrate", "rekomendasi-izin-usaha-industri", "--from", "1", "--to", "2", "--map", map)
        #expect(broken.status == 1 && broken.stderr.contains("peta.json: key 'satu' is not a step number"), "\(broken.stderr)")
        #expect(try gerbang("sop", "migrate", "rekomendasi-izin-usaha-industri", "--from", "1", "--to", "2").status == 2)
    }

    @Test func aTokenIsAddedListedAndRevoked() throws {
        let added = try gerbang("token", "add", "--officer", "197001012000031001", "--role", "kabid", "--role", "kadis")
        #expect(added.status == 0)
        let token = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("gbt_") && token.count == 68)
        let listed = try #require(try GerbangProcess.json(try gerbang("token", "list", "--json")) as? [[String: Any]])
        #expect(listed.count == 1 && listed.first?["roles"] as? [String] == ["kabid", "kadis"] && listed.first?["revokedAt"] == nil)
        #expect(!(try gerbang("token", "list", "--json")).stdout.contains(token))  // the token is never shown again
        let id = try #require(listed.first?["id"] as? String)

        #expect(try gerbang("token", "revoke", id).stdout == "\(id) revoked\n")
        // A repeat succeeds and says so, as a repeated pause does; an unknown id is still an error.
        let again = try gerbang("token", "revoke", id)
        #expect(again.status == 0 && again.stdout == "\(id) revoked (already)\n")
        let json = try #require(try GerbangProcess.json(try gerbang("token", "revoke", id, "--json")) as? [String: Any])
        #expect(json["changed"] as? Bool == false && json["revoked"] as? String == id)
        let unknown = try gerbang("token", "revoke", "tok-nosuch")
        #expect(unknown.status == 1 && unknown.stderr.contains("no token tok-nosuch"))
        #expect(try gerbang("token", "add", "--officer", "x").status == 2)
        #expect(try gerbang("token", "rotate").status == 2)
    }

    @Test func everyCommandHasHelpWithAnExample() throws {
        for command in ["tasks", "decide", "permits", "pause", "resume", "token", "backup", "restore", "doctor", "outbox", "version"] {
            let help = try GerbangProcess.run([command, "--help"])
            #expect(help.status == 0 && help.stdout.contains("example: gerbang \(command)"), "\(command)")
        }
    }
}
