import Foundation
import GatewayCore
import GatewayTestSupport
import Testing
@testable import GatewayBenchmarks

@Suite struct ReconcileBenchmarkTests {
    /// 300 permits at 60 calls a minute: all asked within 5 minutes, then again as their waits run out.
    @Test func theMockSeesEveryPermitAskedAndNoMinuteOverTheBudget() throws {
        let folder = try TemporaryFolder()
        let scenarios = RepositoryFiles.root.appendingPathComponent("fixtures/scenarios").path
        let scenario = try JSONValue.decode(Data(contentsOf: URL(fileURLWithPath: scenarios + "/izin-perluasan.json")))
        let template = try #require(scenario.field("oss")?.field("nibs")?.array?.first)
        var options = ReconcileBenchmark.Options()
        options.permits = 300
        options.hours = 1
        let result = try ReconcileBenchmark(options: options, template: template)
            .run(configFolder: RepositoryFiles.configFolder, scenariosFolder: scenarios, folder: folder.path(), print: { _ in })
        #expect(result.budgetPerMinute == 60)  // config/gerbang.json's polling.ossCallsPerMinute
        #expect(result.busiestMinute <= 60)
        #expect(result.permitsAsked == 300)
        #expect(result.firstRoundSeconds < 5 * 60)
        #expect(result.calls > 300)  // asked again once their waits ran out
        #expect(result.met)
    }
}
