import Testing
@testable import GatewayHTTP

@Suite struct LoadGeneratorTests {
    @Test func everyRequestItCountsTheServerAnswered() throws {
        let server = try TestServer()
        let result = try LoadGenerator(port: server.port, path: "/hello", connections: 4, duration: .milliseconds(200)).run()
        #expect(result.errors == 0)
        #expect(result.requests > 0)
        #expect(result.requests == server.server.statistics.requests)
        #expect(result.latencies == result.latencies.sorted())
        #expect(result.latencyMilliseconds(0.5) <= result.latencyMilliseconds(1.0))
    }

    @Test func anIdleConnectionStaysOpenAfterItsRequest() throws {
        let server = try TestServer()
        let descriptor = try LoadGenerator(port: server.port, path: "/hello").openIdleConnection()
        defer { Sockets.close(descriptor) }
        #expect(server.server.statistics.requests == 1)
        #expect(server.server.statistics.connectionsOpen == 1)
    }
}
