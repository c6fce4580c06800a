import Foundation
import GatewayCore
import GatewayTestSupport
import Glibc
import Testing
@testable import GatewayHTTP

/// The server over real sockets on 127.0.0.1: what HTTP/1.1 promises a client.
@Suite struct HTTPServerTests {
    @Test func aGetIsAnsweredWithDateAndContentLength() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n")
        let response = try #require(client.response())
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(response.body == "hello")
        #expect(response.header("Content-Length") == "5")
        #expect(response.header("Date")?.hasSuffix(" GMT") == true)  // IMF-fixdate, RFC 9110 §5.6.7
    }

    @Test func aHeaderValueCannotEndItsFieldOrTheHeadEarly() throws {
        let server = try TestServer(extraRoutes: { router in
            router.get("/split", execution: .eventLoop) { _ in
                HTTPResponse(status: .ok, headers: ["X-Name": "a\r\nSet-Cookie: x=1\r\n\r\nbody\u{0}"], body: Array("real".utf8))
            }
        })
        let client = try server.client()
        try client.send("GET /split HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try #require(client.response())
        #expect(response.header("Set-Cookie") == nil && response.body == "real")
        #expect(response.header("X-Name") == "a  Set-Cookie: x=1    body")
    }

    @Test func aKeepAliveConnectionServesRequestAfterRequest() throws {
        let server = try TestServer()
        let client = try server.client()
        for _ in 0..<3 {
            try client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n")
            #expect(client.response()?.body == "hello")
        }
        #expect(server.server.statistics.connectionsAccepted == 1)
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try TestServer(limits: TestServer.patientLimits)  // no idle deadline closes it instead
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        #expect(client.response()?.header("Connection") == "close")
        #expect(client.closedByServer())
    }

    @Test func http10ClosesUnlessAskedToKeepAlive() throws {
        let server = try TestServer(limits: TestServer.patientLimits)  // no idle deadline closes it instead
        let closing = try server.client()
        try closing.send("GET /hello HTTP/1.0\r\n\r\n")
        #expect(closing.response()?.body == "hello")
        #expect(closing.closedByServer())

        let keeping = try server.client()
        try keeping.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(keeping.response()?.header("Connection") == "keep-alive")
        try keeping.send("GET /hello HTTP/1.0\r\n\r\n")
        #expect(keeping.response()?.body == "hello")
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer()
        let client = try server.client()
        // The slow request first: its answer must still come first.
        try client.send("GET /slow/100 HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\nPOST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc")
        let responses = client.responses(3)
        #expect(responses.map(\.body) == ["slept 100", "hello", "abc"])
    }

    @Test func aBodyWithContentLengthArrivesWhole() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\nhello")
        try client.send(" world")
        #expect(client.response()?.body == "hello world")
    }

    @Test func aChunkedBodyIsDecodedWithExtensionsIgnoredAndTrailersRead() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nChecksum: 99\r\n\r\n")
        let response = try #require(client.response())
        #expect(response.body == "hello world")
        #expect(response.header("X-Trailer-Checksum") == "99")
    }

    @Test func expectContinueGetsAnInterimAnswerBeforeTheBody() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        let interim = client.read { $0.contains("\r\n\r\n") }.text
        #expect(interim == "HTTP/1.1 100 Continue\r\n\r\n")
        try client.send("body")
        #expect(client.responses(1).first?.body == "body")
    }

    @Test func headGetsTheLengthWithoutTheBody() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let text = client.read { $0.components(separatedBy: "HTTP/1.1 200").count == 3 && $0.hasSuffix("hello") }.text
        #expect(text.components(separatedBy: "Content-Length: 5").count == 3)
        #expect(text.components(separatedBy: "hello").count == 2)  // only the GET carries the body
    }

    @Test func unknownPathsAndMethodsGetJSONErrors() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("GET /nope HTTP/1.1\r\nHost: t\r\n\r\nDELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let responses = client.responses(2)
        #expect(responses.map(\.status) == [404, 405])
        #expect(responses[1].header("Allow") == "GET")
        #expect(responses[0].body.contains(#""status":404"#))
        #expect(responses.allSatisfy { $0.header("Content-Length") != nil })
    }

    @Test func aClientThatVanishesMidResponseDoesNotStopTheServer() throws {
        let server = try TestServer()
        do {
            let client = try server.client()
            try client.send("GET /big/4000000 HTTP/1.1\r\nHost: t\r\n\r\n")
        }  // closed unread: the server's writes fail with EPIPE or ECONNRESET, not SIGPIPE
        let next = try server.client()
        try next.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(next.response()?.body == "hello")
    }

    @Test func theListeningSocketIsCloseOnExecReusableAndLoopback() throws {
        let server = try TestServer()
        let ownSockets = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").compactMap(Int32.init)
        let listening = ownSockets.filter { descriptor in
            var accepting: Int32 = 0
            var length = socklen_t(4)
            return getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0 && accepting == 1
                && Sockets.localPort(descriptor) == server.port
        }
        #expect(listening.count == 1)
        for descriptor in listening {
            #expect(fcntl(descriptor, F_GETFD) & FD_CLOEXEC != 0)
            var reuse: Int32 = 0
            var length = socklen_t(4)
            #expect(getsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, &length) == 0 && reuse == 1)
        }
        #expect(server.server.configuration.host == "127.0.0.1")
    }

    @Test func aServerStartsOnce() throws {
        let server = try TestServer()
        #expect(throws: SocketError.self) { try server.server.start() }
    }

    @Test func aResponseCanResetTheConnectionOnPurpose() throws {
        let server = try TestServer()
        do {
            _ = try HTTPClient().get("http://127.0.0.1:\(server.port)/fault/reset")
            Issue.record("a reset connection answered")
        } catch {
            guard case .transport = error else { Issue.record("\(error)"); return }  // "Connection reset by peer" or "Empty reply"
        }
    }

    @Test func aResponseCanBeCutShortOnPurpose() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("GET /fault/truncated HTTP/1.1\r\nHost: t\r\n\r\n")
        let received = client.read { _ in false }
        #expect(received.closed)
        #expect(received.text.utf8.count == 60)
        #expect(received.text.hasPrefix("HTTP/1.1 200 OK"))
    }
}

@Suite struct HTTPServerDeferredTests {
    @Test func aDeferredHandlerAnswersFromAnotherThreadOnTheSameConnection() throws {
        let server = try TestServer()
        let client = try server.client()
        for text in ["one", "two"] {
            try client.send("POST /later HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\n\(text)")
            let response = try #require(client.response())
            #expect(response.statusLine == "HTTP/1.1 201 Created")
            #expect(response.body == text)
        }
    }

    @Test func aDeferredHandlerThatThrowsIsAnsweredWithItsError() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("GET /later/refused HTTP/1.1\r\nHost: test\r\n\r\n")
        let response = try #require(client.response())
        #expect(response.statusLine == "HTTP/1.1 403 Forbidden")
        #expect(response.body.contains("not for you"))
    }

    /// A process that starts and stops servers (the tests, a restarted demo) must get their sockets, routes and
    /// what the routes hold back: each event loop knows every loop, a cycle the shutdown breaks.
    @Test func aStoppedServerLetsGoOfItsRoutesAndWhatTheyHold() throws {
        final class Held: Sendable {
            let released: Locked<Bool>
            init(_ released: Locked<Bool>) { self.released = released }
            deinit { released.withLock { $0 = true } }
        }
        let released = Locked(false)
        do {
            let held = Held(released)
            var router = Router()
            router.get("/held") { _ in .text(held.released.withLock { $0 } ? "gone" : "here") }
            var configuration = ServerConfiguration()
            configuration.eventLoops = 2
            let server = HTTPServer(configuration: configuration, router: router)
            let port = try server.start()
            #expect(try HTTPClient().get("http://127.0.0.1:\(port)/held").status == .ok)
            server.shutdown(grace: .seconds(1))
        }
        // The loops' threads drop their last hold as they exit, just after shutdown returns.
        #expect(Eventually.holds { released.withLock { $0 } })
    }
}
