import Foundation
import GatewayTestSupport
import Testing
@testable import GatewayHTTP

/// Every limit over a real socket: the right status, then a close, while
/// another client on the same server keeps getting answers.
@Suite struct ServerLimitsTests {
    /// Sends `text`, expects `status` and a close, then checks that a fresh client is still served.
    func expectRejection(_ text: String, status: Int, server: TestServer? = nil) throws {
        let server = try server ?? TestServer()
        let bystander = try server.client()
        let client = try server.client()
        try client.send(text)
        let response = client.response()
        #expect(response?.status == status, "\(String(describing: response?.statusLine))")
        #expect(response?.header("Connection") == "close")
        #expect(response?.header("Content-Length") != nil)
        #expect(client.closedByServer(within: .seconds(3)))
        try bystander.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(bystander.response()?.body == "hello")
    }

    @Test func aRequestLineOverTheLimitGets414() throws {
        try expectRejection("GET /" + String(repeating: "a", count: 2000) + " HTTP/1.1\r\nHost: t\r\n\r\n", status: 414)
    }

    @Test func aHeaderFloodGets431() throws {
        try expectRejection("GET / HTTP/1.1\r\nHost: t\r\n" + String(repeating: "X-Flood: \(String(repeating: "v", count: 100))\r\n", count: 60), status: 431)
    }

    @Test func tooManyHeaderFieldsGet431() throws {
        try expectRejection("GET / HTTP/1.1\r\nHost: t\r\n" + (1...25).map { "X-\($0): v\r\n" }.joined() + "\r\n", status: 431)
    }

    @Test func aBodyOverTheLimitGets413BeforeItIsSent() throws {
        // Only the head is sent: the answer must not wait for a body the server will not take.
        try expectRejection("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n", status: 413)
    }

    @Test func aChunkedBodyGrowingOverTheLimitGets413() throws {
        let chunk = String(repeating: "x", count: 40_000)
        try expectRejection("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n9C40\r\n\(chunk)\r\n9C40\r\n\(chunk)\r\n0\r\n\r\n", status: 413)
    }

    @Test func contentLengthWithTransferEncodingIsASmugglingAttemptAnd400() throws {
        // The classic CL.TE desync: a front end honouring Content-Length would forward "GET /admin" as a second request.
        try expectRejection("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: t\r\n\r\n", status: 400)
    }

    @Test func conflictingContentLengthsGet400() throws {
        try expectRejection("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", status: 400)
    }

    @Test func aFinalCodingOtherThanChunkedGets400() throws {
        try expectRejection("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, identity\r\n\r\n", status: 400)
    }

    @Test func aMalformedChunkSizeGets400() throws {
        try expectRejection("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\nhello\r\n0\r\n\r\n", status: 400)
    }

    @Test func bareLineFeedsGet400() throws {
        try expectRejection("GET /hello HTTP/1.1\nHost: t\n\n", status: 400)
    }

    @Test func aSlowlorisTrickleIsCutOffAtTheHeaderDeadline() throws {
        let server = try TestServer()  // header deadline 400 ms
        let slow = try server.client()
        let started = ContinuousClock.now
        try slow.send("GET /hello HTTP/1.1\r\n")
        var cutOff = false
        for line in 0..<40 {  // a header line every 50 ms, forever if allowed: at most 2 s here
            if line == 3 {
                // Meanwhile, another client is served as usual.
                let bystander = try server.client()
                try bystander.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(bystander.response()?.body == "hello")
            }
            guard (try? slow.send("X-Slow: a\r\n")) != nil else { cutOff = true; break }
            if slow.read(timeout: .milliseconds(50), until: { $0.contains("\r\n\r\n") }).text.contains("408") {
                cutOff = true
                break
            }
        }
        #expect(cutOff)
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(server.server.statistics.timedOut == 1)
    }

    @Test func aBodyThatStopsArrivingIsCutOffAtTheBodyDeadline() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly part")
        #expect(client.response(timeout: .seconds(3))?.status == 408)
        #expect(client.closedByServer(within: .seconds(3)))
    }

    @Test func anIdleKeepAliveConnectionIsClosed() throws {
        let server = try TestServer()  // idle deadline 400 ms
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(client.response()?.body == "hello")
        #expect(client.closedByServer(within: .seconds(3)))
        // The client may see the close a moment before the server's counter moves.
        #expect(Eventually.holds(within: .seconds(2)) { server.server.statistics.connectionsOpen == 0 })
    }

    @Test func aConnectionThatNeverSpeaksIsClosed() throws {
        let server = try TestServer()
        let client = try server.client()
        #expect(client.closedByServer(within: .seconds(3)))
    }

    @Test func aClientThatStopsReadingIsCutOffAtTheWriteDeadline() throws {
        let server = try TestServer()  // write deadline 400 ms
        let client = try server.client()
        // Far more than loopback socket buffers hold, and never read.
        try client.send("GET /big/32000000 HTTP/1.1\r\nHost: t\r\n\r\n")
        let deadline = ContinuousClock.now + .seconds(5)
        var statistics = server.server.statistics
        // The answer has started (the request is counted) and the connection is gone.
        while !(statistics.requests == 1 && statistics.connectionsOpen == 0), ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.02)  // polling counters: the close has no event a test can await
            statistics = server.server.statistics
        }
        #expect(statistics.requests == 1)
        #expect(statistics.connectionsOpen == 0)
    }

    /// Short limits but for idle connections, which stay open while a test counts them.
    static func holdingIdleConnections(_ change: (inout ServerLimits) -> Void) -> ServerLimits {
        var limits = TestServer.shortLimits
        limits.idleTimeout = .seconds(30)
        limits.headerTimeout = .seconds(30)
        change(&limits)
        return limits
    }

    @Test func beyondTheConnectionLimitNewClientsWaitUntilOneCloses() throws {
        let server = try TestServer(limits: Self.holdingIdleConnections { $0.maxConnections = 2 })
        var first: RawClient? = try server.client()
        let second = try server.client()
        for client in [first!, second] {
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(client.response()?.body == "hello")
        }
        let third = try server.client()  // the kernel completes the handshake; the server does not accept it yet
        try third.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(third.response(timeout: .milliseconds(300)) == nil)
        first = nil  // closing one makes room
        #expect(third.response(timeout: .seconds(3))?.body == "hello")
        #expect(server.server.statistics.connectionsOpen == 2)
    }

    @Test func oneClientCannotHoldEveryConnectionAndOthersAreServedMeanwhile() throws {
        let server = try TestServer(limits: Self.holdingIdleConnections { $0.maxConnectionsPerClient = 3 })
        var held: [RawClient] = []
        for _ in 0..<3 {
            let client = try server.client()
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(client.response()?.body == "hello")
            held.append(client)
        }
        let fourth = try server.client()
        #expect(fourth.closedByServer(within: .seconds(3)))
        #expect(server.server.statistics.refusedOverClientCap == 1)
        let other = try server.client(from: "127.0.0.2")
        try other.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(other.response()?.body == "hello")

        held.removeFirst()  // one closed makes room for the same client again
        #expect(Eventually.holds(within: .seconds(3)) {
            guard let again = try? server.client() else { return false }
            try? again.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            return again.response(timeout: .milliseconds(500))?.body == "hello"
        })
    }

    /// A route that holds its thread until the test lets it go: a parse of a body that takes long.
    static func holdingRoute(_ gate: DispatchSemaphore) -> (inout Router) -> Void {
        { router in
            router.addDeferred(.post, "/hold") { request, responder in
                gate.wait()
                responder.respond(.text("read \(request.body.count) bytes"))
            }
        }
    }

    @Test func aLargeBodyIsReadOffTheEventLoopSoTheLoopAnswersOthersMeanwhile() throws {
        let gate = DispatchSemaphore(value: 0)
        var limits = TestServer.shortLimits
        limits.maxBodyBytes = 1 << 20
        limits.inlineBodyBytes = 1024
        let server = try TestServer(limits: limits, eventLoops: 1, extraRoutes: Self.holdingRoute(gate))
        let sender = try server.client()
        let body = String(repeating: "x", count: 200_000)
        try sender.send("POST /hold HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        // The one event loop is free while the handler holds its thread: another client is answered.
        #expect(Eventually.holds(within: .seconds(5)) {
            guard let other = try? server.client() else { return false }
            try? other.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            return other.response(timeout: .seconds(1))?.body == "hello"
        })
        gate.signal()
        #expect(sender.response(timeout: .seconds(10))?.body == "read 200000 bytes")
    }

    @Test func pastTheLargeBodyQueueA503TellsTheSenderToComeBack() throws {
        let gate = DispatchSemaphore(value: 0)
        var limits = TestServer.shortLimits
        limits.maxBodyBytes = 1 << 20
        limits.inlineBodyBytes = 1024
        limits.largeBodyWorkers = 1
        limits.largeBodiesQueued = 1
        let server = try TestServer(limits: limits, extraRoutes: Self.holdingRoute(gate))
        let body = String(repeating: "x", count: 4096)
        let first = try server.client()
        try first.send("POST /hold HTTP/1.1\r\nHost: t\r\nContent-Length: 4096\r\n\r\n" + body)
        #expect(Eventually.holds(within: .seconds(5)) { server.server.context.largeBodies.load == 1 })
        let second = try server.client()
        try second.send("POST /hold HTTP/1.1\r\nHost: t\r\nContent-Length: 4096\r\n\r\n" + body)
        let refused = second.response()
        #expect(refused?.status == 503 && refused?.header("Retry-After") == "1")
        gate.signal()
        #expect(first.response()?.body == "read 4096 bytes")
    }
}
