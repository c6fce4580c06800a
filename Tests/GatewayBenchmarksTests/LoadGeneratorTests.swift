import GatewayHTTP
import Testing
@testable import GatewayBenchmarks

/// A server on 127.0.0.1 port 0 answering GET /hello and echoing POST /echo, stopped when released.
private final class TestServer {
    let server: HTTPServer
    let port: Int

    init() throws {
        var router = Router()
        router.get("/hello", execution: .eventLoop) { _ in .text("hello") }
        router.post("/echo") { request in HTTPResponse(status: .ok, body: request.body) }
        server = HTTPServer(router: router)
        port = try server.start()
    }

    deinit {
        server.shutdown(grace: .milliseconds(100))
    }
}

@Suite struct LoadGeneratorTests {
    @Test func everyRequestItCountsTheServerAnswered() throws {
        let server = try TestServer()
        let result = try LoadGenerator(port: server.port, path: "/hello", connections: 4, duration: .milliseconds(200)).run()
        #expect(result.errors == 0)
        #expect(result.requests > 0)
        #expect(result.requests == server.server.statistics.requests)
        #expect(result.latencies.count == result.requests)
        #expect(result.latencyMilliseconds(0.5) <= result.latencyMilliseconds(0.99) && result.latencyMilliseconds(0.99) <= result.latencyMilliseconds(1.0))
    }

    @Test func requestsCanBeMadeOneByOneAndFailedAnswersAreCounted() throws {
        let server = try TestServer()
        // A count, not a time window, ends the run: what it counts cannot depend on how busy the machine is.
        var generator = LoadGenerator(port: server.port, connections: 2, duration: .seconds(60))
        generator.requestLimit = 30
        // Every third request asks for a path that does not exist: a 404.
        generator.makeRequest = { number in
            let body = "request \(number)"
            let path = number % 3 == 2 ? "/missing" : "/echo"
            return Array("POST \(path) HTTP/1.1\r\nHost: test\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        }
        let result = try generator.run()
        #expect(result.errors == 0)
        #expect(result.requests == 30)
        #expect(result.failedResponses == 10)
    }

    @Test func anIdleConnectionStaysOpenAfterItsRequest() throws {
        let server = try TestServer()
        let descriptor = try LoadGenerator(port: server.port, path: "/hello").openIdleConnection()
        defer { Sockets.close(descriptor) }
        #expect(server.server.statistics.requests == 1)
        #expect(server.server.statistics.connectionsOpen == 1)
    }
}

@Suite struct LatenciesTests {
    @Test func quantilesAreWithinOnePercentOfTheLatenciesCountedAndTheSlowestIsExact() {
        var latencies = LoadGenerator.Latencies()
        let values: [UInt64] = (1...1000).map { UInt64($0) * 37_123 } + [5, 900, 2_500_000_000]
        for value in values.shuffled() { latencies.add(value) }
        let sorted = values.sorted()
        #expect(latencies.count == values.count)
        for q in [0.001, 0.25, 0.5, 0.9, 0.99] {
            let exact = Double(sorted[Int((Double(sorted.count) * q).rounded(.up)) - 1])
            let counted = Double(latencies.nanoseconds(atQuantile: q))
            #expect(counted <= exact && counted >= exact * 0.99, "q \(q): \(counted) for \(exact)")
        }
        #expect(latencies.nanoseconds(atQuantile: 1) == 2_500_000_000)
        #expect(LoadGenerator.Latencies().nanoseconds(atQuantile: 0.5) == 0)
    }
}

