import Foundation
import GatewayStore
import GatewayTestSupport
import Testing

/// `gerbang archive` and `gerbang log --archive` against a running gateway whose database holds a year-old log.
@Suite struct ArchiveCommandTests {
    @Test func theGatewayArchivesTheOldLogAtItsStartAndLogArchiveReadsItBack() throws {
        let folder = try TemporaryFolder()
        let database = try GatewayDatabase.open(path: folder.path())
        // Ten entries on the first ten days of October 2025, over 400 days before any run of this test.
        let october = Date(timeIntervalSince1970: 1_759_276_800)  // 1 October 2025, 07:00 in Jakarta
        try database.transaction {
            for day in 0..<10 {
                try database.syncLog.append(SyncLogEntry(at: october + Double(day) * 86_400, system: day < 4 ? "siinas" : "oss", method: "uploadBAP",
                                                         direction: .outgoing, caseID: "PL-2025-00000\(day)", outcome: day == 3 ? "dead" : "delivered"))
            }
        }
        let gateway = try GerbangProcess.serve(database: folder.path())
        let file = folder.path("archive/sync-log-2025-10.jsonl")
        #expect(Eventually.holds { (try? String(contentsOfFile: file, encoding: .utf8))?.split(separator: "\n").count == 10 })

        // Asked again: nothing is older now.
        let dry = try GerbangProcess.run(["archive", "--dry-run", "--gateway", gateway.url])
        #expect(dry.status == 0 && dry.stdout.contains("dry run: 0 sync-log entries and 0 inbox bodies"), "\(dry.stdout)\(dry.stderr)")
        let again = try GerbangProcess.run(["archive", "--json", "--gateway", gateway.url])
        let report = try #require(try GerbangProcess.json(again) as? [String: Any])
        #expect(report["syncLogEntries"] as? Int == 0 && report["dryRun"] as? Bool == false)
        #expect(try GerbangProcess.run(["archive", "--gateway", gateway.url, "--token", "dev-kabid"]).status == 1)

        let all = try GerbangProcess.run(["log", "--archive", file])
        #expect(all.status == 0)
        #expect(all.stdout.split(separator: "\n").count == 11)  // the header and ten entries
        let failed = try GerbangProcess.run(["log", "--archive", file, "--failed"])
        #expect(failed.stdout.contains("PL-2025-000003") && failed.stdout.split(separator: "\n").count == 2)
        let json = try GerbangProcess.run(["log", "--archive", file, "--system", "siinas", "--json"])
        #expect(json.stdout.split(separator: "\n").count == 4 && json.stdout.split(separator: "\n").allSatisfy { $0.contains("\"system\":\"siinas\"") })

        try "not json\n".write(toFile: folder.path("broken.jsonl"), atomically: true, encoding: .utf8)
        let broken = try GerbangProcess.run(["log", "--archive", folder.path("broken.jsonl")])
        #expect(broken.status == 1 && broken.stderr.contains("broken.jsonl: line 1: not a JSON object"))
    }
}
