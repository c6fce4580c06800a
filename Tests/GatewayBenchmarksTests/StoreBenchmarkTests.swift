import GatewayStore
import GatewayTestSupport
import Testing
@testable import GatewayBenchmarks
import GatewayDaemon

@Suite struct StoreBenchmarkTests {
    @Test func oneCasePerSOPCommitsEachHappyPathStepAndTheOpening() throws {
        let config = ConfigDirectory(path: RepositoryFiles.configFolder)
        let folder = try TemporaryFolder()
        var committed: [String: Int] = [:]
        let result = try StoreBenchmark(definitions: try config.loadDefinitions(), calendar: try config.loadCalendar())
            .run(databasePath: folder.path(), cases: 5) { committed[$0] = $1 }
        // Happy paths: 8 (step 9 is seen by nobody and ends the case), 8, 19 (step 3 skipped), 11 and 8 steps,
        // each case also opened once.
        #expect(result.transitions == 9 + 9 + 20 + 12 + 9)
        #expect(result.commitMilliseconds.count == result.transitions)
        let stored = try GatewayDatabase.openForReading(path: folder.path()).cases.list()
        #expect(stored.count == 5 && stored.allSatisfy { $0.status == .ended })
        #expect(stored.allSatisfy { committed[$0.id] == $0.historyCount })
    }
}
