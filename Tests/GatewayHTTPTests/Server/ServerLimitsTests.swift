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
        #expect(client.closedByServer())
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
        let server = try TestServer()  // header deadline 400 ms, for the whole head however it trickles
        let slow = try server.client()
        try slow.send("GET /hello HTTP/1.1\r\n")
        var answer = ""
        var lines = 0
        // A header line whenever the last one was not answered, forever if the server allowed it: the test ends when
        // the server cuts the client off, which only its deadline does (the head stays below every size limit).
        let cutOff = Eventually.holds {
            lines += 1
            if lines == 3 {
                // Meanwhile, another client is served as usual.
                let bystander = try? server.client()
                try? bystander?.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(bystander?.response()?.body == "hello")
            }
            guard (try? slow.send("X-Slow: a\r\n")) != nil else { return true }
            let read = slow.read(timeout: .milliseconds(50)) { $0.contains("\r\n\r\n") }
            answer += read.text
            return read.closed || answer.contains("\r\n\r\n")
        }
        #expect(cutOff)
        #expect(answer.isEmpty || answer.hasPrefix("HTTP/1.1 408"))
        #expect(server.server.statistics.timedOut == 1)
    }

    @Test func aBodyThatStopsArrivingIsCutOffAtTheBodyDeadline() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly part")
        #expect(client.response()?.status == 408)
        #expect(client.closedByServer())
    }

    @Test func anIdleKeepAliveConnectionIsClosed() throws {
        let server = try TestServer()  // idle deadline 400 ms
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(client.response()?.body == "hello")
        #expect(client.closedByServer())
        // The client may see the close a moment before the server's counter moves.
        #expect(Eventually.holds { server.server.statistics.connectionsOpen == 0 })
    }

    @Test func aConnectionThatNeverSpeaksIsClosed() throws {
        let server = try TestServer()
        let client = try server.client()
        #expect(client.closedByServer())
    }

    @Test func aClientThatStopsReadingIsCutOffAtTheWriteDeadline() throws {
        let server = try TestServer()  // write deadline 400 ms
        let client = try server.client()
        // Far more than loopback socket buffers hold, and never read.
        try client.send("GET /big/32000000 HTTP/1.1\r\nHost: t\r\n\r\n")
        // The answer has started (the request is counted) and the connection is gone, while the client holds its end.
        #expect(Eventually.holds { server.server.statistics.requests == 1 && server.server.statistics.connectionsOpen == 0 })
    }

    /// Short limits but for idle connections, which stay open while a test counts them.
    static func holdingIdleConnections(_ change: (inout ServerLimits) -> Void) -> ServerLimits {
        var limits = TestServer.patientLimits
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
        // The server answers the second client again after the third connected and asked: it had its chance to take
        // the third and did not, whatever the machine's speed.
        try second.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(second.response()?.body == "hello")
        #expect(server.server.statistics.connectionsAccepted == 2)
        #expect(third.response(timeout: .zero) == nil)
        first = nil  // closing one makes room
        #expect(third.response()?.body == "hello")
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
        #expect(fourth.closedByServer())
        #expect(server.server.statistics.refusedOverClientCap == 1)
        let other = try server.client(from: "127.0.0.2")
        try other.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(other.response()?.body == "hello")

        held.removeFirst()  // one closed makes room for the same client again
        #expect(Eventually.holds {
            guard let again = try? server.client() else { return false }
            try? again.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            return again.response()?.body == "hello"
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
        #expect(Eventually.holds {
            guard let other = try? server.client() else { return false }
            try? other.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            return other.response()?.body == "hello"
        })
        gate.signal()
        #expect(sender.response()?.body == "read 200000 bytes")
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
        #expect(Eventually.holds { server.server.context.largeBodies.load == 1 })
        let second = try server.client()
        try second.send("POST /hold HTTP/1.1\r\nHost: t\r\nContent-Length: 4096\r\n\r\n" + body)
        let refused = second.response()
        #expect(refused?.status == 503 && refused?.header("Retry-After") == "1")
        gate.signal()
        #expect(first.response()?.body == "read 4096 bytes")
    }
}
