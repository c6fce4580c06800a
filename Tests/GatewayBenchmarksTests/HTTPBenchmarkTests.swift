import Testing
@testable import GatewayBenchmarks
import GatewayDaemon

@Suite struct HTTPBenchmarkTests {
    @Test func aSmallRunMeasuresEveryPartWithoutErrors() throws {
        var options = HTTPBenchmark.Options()
        options.connections = 4
        options.duration = .milliseconds(200)
        options.idleConnections = 20
        options.clientRequests = 200
        var lines: [String] = []
        let report = try HTTPBenchmark(options: options).run { lines.append($0) }
        #expect(report.load.errors == 0 && report.load.requests > 0)
        #expect(report.poolLoad.errors == 0 && report.poolLoad.requests > 0)
        #expect(report.clientRequestsPerSecond > 0)
        #expect(report.residentWithIdleConnections > 0)
        #expect(lines.contains { $0.hasPrefix("idle:   20 keep-alive connections open") })
    }
}
