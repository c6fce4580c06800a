import Foundation
import GatewayTestSupport
import Testing

@Suite struct ChaosCommandTests {
    /// A small run of the real thing: separate processes, SIGKILLs, a partition, faults; judged by the oracle.
    @Test func aSmallChaosRunEndsWithEverythingArrivedOnceAndEveryCaseAsPlanned() throws {
        let folder = try TemporaryFolder()
        let output = try GerbangProcess.run(["chaos", "--cases", "14", "--kills", "2", "--seed", "5", "--timeout", "1800", "--json", "--dir", folder.path("chaos")])
        #expect(output.status == 0, "\(output.stdout.suffix(3000))\(output.stderr.suffix(2000))")
        let report = try #require(try GerbangProcess.json(output) as? [String: Any])
        #expect(report["kills"] as? Int == 2 && report["restarts"] as? Int == 2)
        // At least the fourteen asked for, in whole rounds of the demo's cases, every one as planned.
        let cases = try #require(report["cases"] as? Int)
        #expect(cases >= 14 && report["casesAsPlanned"] as? Int == cases)
        // The proof stands without the receivers' help: no mock remembered a key, nothing was refused or given up on.
        #expect(report["receiversDeduplicate"] as? Bool == false && report["deadLetters"] as? Int == 0)
        let deliveries = try #require(report["deliveries"] as? [String: Any])
        let targets = try #require(deliveries["targets"] as? [String: [String: Int]])
        #expect(targets.keys.sorted() == ["dpmptsp", "oss", "siinas", "sipro"])
        for (target, figures) in targets {
            #expect(figures["expected"] ?? 0 > 0 && figures["arrivedOnce"] == figures["expected"], "\(target): \(figures)")
            #expect(figures["duplicates"] == 0 && figures["missing"] == 0 && figures["unexpected"] == 0 && figures["refused"] == 0,
                    "\(target): \(figures)")
        }
        // The processes it started are gone with it, and their journals are kept beside the database.
        #expect(FileManager.default.fileExists(atPath: folder.path("chaos/journal-oss.json")))
    }

    @Test func aCountOutOfRangeIsRefusedByName() throws {
        let output = try GerbangProcess.run(["chaos", "--kills", "-1"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("--kills"))
    }
}
