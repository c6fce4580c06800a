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
        #expect(report.load.errors == 0 && report.poolLoad.errors == 0)
        // What the generator and the client say they got answered is what the server counted:
        // one request on each idle connection (so it is a kept-alive one), both loads, and the client's
        // 1,000 warm-up requests and 200 measured ones.
        #expect(report.server.requests == 20 + report.load.requests + report.poolLoad.requests + 1000 + 200)
        #expect(report.load.requests > 0 && report.poolLoad.requests > 0)
        // One connection each: the 20 idle ones, 4 per load, and the client's kept-alive one.
        #expect(report.server.connectionsAccepted == 20 + 4 + 4 + 1)
        #expect(lines.contains { $0.hasPrefix("idle:   20 keep-alive connections open") })
        #expect(lines.contains { $0.hasPrefix("client: 200 sequential requests") })
    }
}
