import Foundation
import GatewayTestSupport
import Glibc
import Synchronization
import Testing
@testable import GatewayHTTP

@Suite struct HTTPClientTests {
    let client = HTTPClient()

    @Test func aGetReturnsStatusHeadersAndBody() throws {
        let server = try TestServer()
        let response = try client.get("http://127.0.0.1:\(server.port)/hello")
        #expect(response.status == .ok)
        #expect(response.bodyText == "hello")
        #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
    }

    @Test func aPostSendsItsBodyAndHeaders() throws {
        let server = try TestServer()
        struct Status: Codable, Equatable { let kd_status: String }
        let response = try client.postJSON("http://127.0.0.1:\(server.port)/echo", Status(kd_status: "50"), headers: ["user_key": "k"])
        #expect(try response.decodeJSON(Status.self) == Status(kd_status: "50"))
    }

    /// A server that does the work of every POST, then drops the connection without answering the second.
    final class Applied: Sendable {
        let count = Atomic(0)
    }

    func serverDroppingTheSecondAnswer() throws -> (TestServer, Applied) {
        let applied = Applied()
        let server = try TestServer { router in
            router.post("/apply") { _ in
                let count = applied.count.add(1, ordering: .relaxed).newValue
                var response = HTTPResponse.text("applied \(count)")
                if count == 2 { response.delivery = .resetConnection }
                return response
            }
        }
        return (server, applied)
    }

    @Test func aReusedConnectionThatDiesIsResentByLibcurlUnseen() throws {
        // Why freshConnection exists: this is libcurl's behaviour, not ours.
        let (server, applied) = try serverDroppingTheSecondAnswer()
        let url = "http://127.0.0.1:\(server.port)/apply"
        _ = try client.send(ClientRequest(method: .post, url: url, body: Array("1".utf8)))
        let second = try client.send(ClientRequest(method: .post, url: url, body: Array("2".utf8)))
        #expect(second.bodyText == "applied 3")
        #expect(applied.count.load(ordering: .relaxed) == 3)  // the second request's work was done twice
    }

    @Test func aRequestOnAFreshConnectionIsSentOnceAndItsLostAnswerReported() throws {
        let (server, applied) = try serverDroppingTheSecondAnswer()
        let url = "http://127.0.0.1:\(server.port)/apply"
        _ = try client.send(ClientRequest(method: .post, url: url, body: Array("1".utf8)))
        var request = ClientRequest(method: .post, url: url, body: Array("2".utf8))
        request.freshConnection = true
        #expect(throws: HTTPClientError.self) { try client.send(request) }
        #expect(applied.count.load(ordering: .relaxed) == 2)
    }

    @Test func requestsReuseTheConnection() throws {
        let server = try TestServer()
        for _ in 0..<5 { _ = try client.get("http://127.0.0.1:\(server.port)/hello") }
        #expect(server.server.statistics.connectionsAccepted == 1)
        #expect(server.server.statistics.requests == 5)
    }

    @Test func aDeadlineUnderOneSecondIsHonoured() throws {
        let server = try TestServer()
        defer { server.gate.signal() }
        // The server answers only when the test lets it, after the call returned: the client's deadline ended it.
        #expect(throws: HTTPClientError.timedOut(url: "http://127.0.0.1:\(server.port)/gate", after: .milliseconds(250))) {
            try client.get("http://127.0.0.1:\(server.port)/gate", timeout: .milliseconds(250))
        }
        #expect(server.gateAnswered.withLock { $0 } == 0)
        // libcurl is given milliseconds, not whole seconds (URLSession on Linux truncates 0.25 s to 0 or rounds it to 1 s).
        #expect(HTTPClient.milliseconds(.milliseconds(250)) == 250)
    }

    @Test func aClosedPortCouldNotConnect() throws {
        let listening = try Sockets.listen(host: "127.0.0.1", port: 0, backlog: 1)
        Glibc.close(listening.descriptor)  // a port that was free a moment ago, now closed
        do {
            _ = try client.get("http://127.0.0.1:\(listening.port)/")
            Issue.record("connected to a closed port")
        } catch {
            guard case .couldNotConnect = error else { Issue.record("\(error)"); return }
        }
    }

    @Test func aStatusOtherThan2xxIsAnErrorWhenRequired() throws {
        let server = try TestServer()
        let response = try client.get("http://127.0.0.1:\(server.port)/nope")
        #expect(response.status == .notFound)
        do {
            _ = try response.requireSuccess()
            Issue.record("a 404 passed")
        } catch {
            guard case .httpStatus(_, let status, let body) = error else { Issue.record("\(error)"); return }
            #expect(status == .notFound)
            #expect(body.contains("no route"))
        }
    }

    @Test func aDeclaredResponseOverTheLimitIsRefused() throws {
        let server = try TestServer()
        var configuration = ClientConfiguration()
        configuration.maxResponseBytes = 100_000
        let limited = HTTPClient(configuration: configuration)
        #expect(throws: HTTPClientError.responseTooLarge(url: "http://127.0.0.1:\(server.port)/big/200000", limit: 100_000)) {
            try limited.get("http://127.0.0.1:\(server.port)/big/200000")
        }
        #expect(try limited.get("http://127.0.0.1:\(server.port)/big/90000").body.count == 90_000)
    }

    @Test(.enabled(if: ExternalProcess.exists("python3")))
    func anUndeclaredResponseOverTheLimitIsRefusedToo() throws {
        let server = try ScriptedServer.chunked(bytes: 300_000)
        var configuration = ClientConfiguration()
        configuration.maxResponseBytes = 100_000
        #expect(throws: HTTPClientError.responseTooLarge(url: "http://127.0.0.1:\(server.port)/", limit: 100_000)) {
            try HTTPClient(configuration: configuration).get("http://127.0.0.1:\(server.port)/")
        }
    }

    @Test(.enabled(if: ExternalProcess.exists("python3") && ExternalProcess.exists("openssl")))
    func tlsIsVerifiedAndAnExtraCAFileIsTrusted() throws {
        let folder = try TemporaryFolder()
        let authority = try TestCertificateAuthority(in: folder)
        let server = try ScriptedServer.tls(authority)
        let url = "https://127.0.0.1:\(server.port)/"
        do {
            _ = try client.get(url)
            Issue.record("an unknown certificate was accepted")
        } catch {
            guard case .tlsFailed = error else { Issue.record("\(error)"); return }
        }
        var configuration = ClientConfiguration()
        configuration.extraCAFile = authority.caFile
        #expect(try HTTPClient(configuration: configuration).get(url).bodyText == "secure")
        // A trusted certificate for another name is still refused: the host name is verified too.
        do {
            _ = try HTTPClient(configuration: configuration).get("https://localhost:\(server.port)/")
            Issue.record("a certificate for 127.0.0.1 was accepted for localhost")
        } catch {
            guard case .tlsFailed = error else { Issue.record("\(error)"); return }
        }
    }

    @Test func onlyHTTPAndHTTPSAreSent() {
        #expect(throws: HTTPClientError.self) { try client.get("file:///etc/passwd") }
    }

    @Test func errorsHaveShortKindsForCounting() {
        #expect(HTTPClientError.timedOut(url: "u", after: .seconds(1)).kind == "timed_out")
        #expect(HTTPClientError.httpStatus(url: "u", status: .serviceUnavailable, body: "").kind == "http_503")
    }
}
