import Foundation
import GatewayCore
import GatewayStore
import GatewayTestSupport
import MockNationalSystems
import NationalSystems
import Testing
@testable import GatewayBenchmarks

@Suite struct IngestBenchmarkTests {
    func benchmark(_ configure: (inout IngestBenchmark.Options) -> Void = { _ in }) throws -> IngestBenchmark {
        let scenario = try JSONValue.decode(Data(contentsOf: RepositoryFiles.root.appendingPathComponent("fixtures/scenarios/izin-perluasan.json")))
        var options = IngestBenchmark.Options()
        configure(&options)
        return IngestBenchmark(options: options, template: try #require(scenario.field("oss")?.field("nibs")?.array?.first))
    }

    @Test func theProductionPathHasTheMocksBesideTheGatewayAndOSSIsAskedAboutEveryNewNIB() throws {
        let folder = try TemporaryFolder()
        let stage = try IngestBenchmark.Stage(configFolder: RepositoryFiles.configFolder, database: folder.path(), production: true,
                                              ossLatencyMilliseconds: 0, noop: false)
        defer { stage.stop() }
        let bodies = IngestBenchmark.RequestMaker(template: try benchmark().template, credentials: stage.configuration.secrets.ossCredentials, run: 1)
        _ = try stage.handToWriter(bodies, count: 20)
        // OSS's own journal: each of the twenty NIBs asked about once, after its push was committed.
        #expect(Eventually.holds { stage.checksAnswered == 20 })
        let oss = try #require(stage.mocks.first { $0.name == "oss" })
        let asked = Set(oss.context.journal.entries(direction: .received, pathPrefix: OSSMethod.checkNIB.path).compactMap { entry in
            (try? JSONValue.decode(Array(entry.body.utf8)))?.field("CHECKNIB")?.field("nib")?.text
        })
        let pushed = Set((0..<20).compactMap { number in (try? JSONValue.decode(bodies.body(10_000_000 + number)))?.field("dataNIB")?.field("nib")?.text })
        #expect(asked == pushed && pushed.count == 20)
        #expect(Eventually.holds { (try? stage.gateway.runtime.read { try $0.nibChecks.backlog().count }) == 0 })
    }

    @Test func theWriterAloneIsMeasuredAgainstTheFloorWholeAndWithoutEachTable() throws {
        let folder = try TemporaryFolder()
        let result = try benchmark { $0.writerPushes = 200 }.writerAlone(configFolder: RepositoryFiles.configFolder, folder: folder.url.path, print: { _ in })
        #expect(result.pushesPerSecond > 0 && result.cpuMicroseconds > 0 && result.floor > 0)
        #expect(Set(result.floorWithout.keys) == ["case_history", "case_keys", "cases", "inbox", "nib_checks", "permits", "sync_log"])
    }
}
