import Foundation
import GatewayTestSupport
import Testing

@Suite struct DemoCommandTests {
    /// The acceptance run: mocks and gateway over HTTP, faults on, every SOP, checked against the mocks' journals.
    @Test func theDemoWithFaultsOnPassesAndItsSummaryShowsNothingLostOrDuplicated() throws {
        let folder = try TemporaryFolder()
        // At half the default pace: the suite runs it under the sanitizers too, whose slower process once fell behind a
        // demo clock of 4 working hours a second (a case not yet opened when the scenario ended).
        let output = try GerbangProcess.run(["demo", "--json", "--speed", "2", "--timeout", "1800", "--dir", folder.path("demo")])
        #expect(output.status == 0, "\(output.stderr.suffix(3000))")
        let summary = try #require(try GerbangProcess.json(output) as? [String: Any])
        #expect(summary["ok"] as? Bool == true)
        let cases = try #require(summary["cases"] as? [String: [String: Int]])
        #expect(cases.keys.sorted() == RepositoryFiles.definitionIDs)
        for (sop, count) in cases {
            #expect(count["started"] ?? 0 >= 2, "\(sop)")
            #expect(count["completed"] == count["started"], "\(sop)")
        }
        let deliveries = try #require(summary["deliveries"] as? [String: Any])
        #expect(deliveries["expected"] as? Int ?? 0 > 0)
        #expect(deliveries["delivered"] as? Int == deliveries["expected"] as? Int)
        #expect(deliveries["duplicates"] as? Int == 0 && deliveries["lost"] as? Int == 0 && deliveries["unexpected"] as? Int == 0)
        // Every system the five SOPs write to was judged.
        #expect((deliveries["targets"] as? [String: Any])?.keys.sorted() == ["dpmptsp", "oss", "siinas", "sipro"])
        #expect((summary["faultsInjected"] as? [String: Int])?.values.reduce(0, +) ?? 0 > 0)
        // Progress goes to standard error with --json: each case moving, in the demo clock's time.
        #expect(output.stderr.contains("ended approved"))
        // In the demo clock's words ("Thu 17 Dec 09:12"); which day the first line shows depends on the machine's speed.
        #expect(output.stderr.contains(/(Mon|Tue|Wed|Thu|Fri) \d{1,2} (Dec|Jan) \d\d:\d\d  [A-Z]{2}-2026-\d{6}/))
        // As a Dinas teknis it never approves or refuses a permit in OSS (PIA Lampiran 10).
        let codes = Set(try #require(summary["ossCodes"] as? [String: [String: Int]]).values.flatMap(\.keys))
        #expect(!codes.isEmpty && codes.isSubset(of: ["12", "45", "93"]))
    }

    @Test func theDemoAsALicensingAuthorityIssuesPermitsWithTheirNumbersAndPasses() throws {
        let folder = try TemporaryFolder()
        let output = try GerbangProcess.run(["demo", "--json", "--authority", "licensing", "--timeout", "1800", "--dir", folder.path("demo")])
        #expect(output.status == 0, "\(output.stderr.suffix(3000))")
        let summary = try #require(try GerbangProcess.json(output) as? [String: Any])
        #expect(summary["ok"] as? Bool == true && summary["authority"] as? String == "licensing")
        let codes = try #require(summary["ossCodes"] as? [String: [String: Int]])
        #expect(Set(codes.values.flatMap(\.keys)).isSubset(of: ["49", "50", "52", "90"]))
        for (sop, counts) in codes { #expect(counts["49"] == counts["50"], "\(sop): every number taken is used") }
    }

    @Test func theDemoPassesWithItsOfficersDecidingOnTheDesksPages() throws {
        // Every officer step of the five SOPs decided as a person would: log in, open the case, upload, check, send.
        let folder = try TemporaryFolder()
        let output = try GerbangProcess.run(["demo", "--json", "--officers", "browser", "--timeout", "1800", "--dir", folder.path("demo")])
        #expect(output.status == 0, "\(output.stderr.suffix(3000))")
        let summary = try #require(try GerbangProcess.json(output) as? [String: Any])
        #expect(summary["ok"] as? Bool == true)
        // The decisions came through the pages: the desk's logins, one per role, are in the sync log.
        let log = try String(contentsOfFile: folder.path("demo/sync-log.jsonl"), encoding: .utf8)
        #expect(log.contains("\"session.login\""))
        #expect(try GerbangProcess.run(["demo", "--officers", "robots"]).status == 2)
    }

    #if DEBUG  // the fault hook exists in debug builds only
    @Test func aGatewaySendingEveryMessageTwiceFailsTheDemoWithEachCaughtAsADuplicate() throws {
        // With no receiver deduplicating, the oracle must see a repeat wherever it goes: a debug build's fault hook
        // sends every delivered message once more (SIINas BAPs, SIPRO statuses, DPMPTSP letters, OSS's 49 and 50).
        let folder = try TemporaryFolder()
        let output = try GerbangProcess.run(["demo", "--json", "--no-faults", "--authority", "licensing", "--timeout", "1800", "--dir", folder.path("demo")],
                                            extra: ["GERBANG_FAULT_SEND_TWICE": "1"])
        #expect(output.status == 1)
        let summary = try #require(try GerbangProcess.json(output) as? [String: Any])
        let deliveries = try #require(summary["deliveries"] as? [String: Any])
        let targets = try #require(deliveries["targets"] as? [String: [String: Int]])
        #expect(Set(targets.keys) == ["oss", "siinas", "sipro", "dpmptsp"])
        for (target, counts) in targets {
            #expect(counts["expected"]! > 0 && counts["arrivedMoreThanOnce"] == counts["expected"] && counts["arrivedOnce"] == 0, "\(target)")
        }
        let differences = try #require(deliveries["differences"] as? [String])
        #expect(differences.contains { $0.hasPrefix("twice: oss receiveLicense ") && $0.hasSuffix(" 49 ×2") })
        #expect(differences.contains { $0.hasPrefix("twice: dpmptsp surat-masuk ") })
    }
    #endif

    @Test func theDemoRefusesAFolderThatAlreadyHoldsADatabase() throws {
        let folder = try TemporaryFolder()
        try Data().write(to: URL(fileURLWithPath: folder.path("gerbang.sqlite")))
        let output = try GerbangProcess.run(["demo", "--dir", folder.url.path])
        #expect(output.status == 1)
        #expect(output.stderr.contains("already exists"))
    }
}
