import Foundation
import GatewayCore
@testable import GatewayHTTP

/// A server on 127.0.0.1 port 0 with routes that tests use, stopped when released.
final class TestServer {
    let server: HTTPServer
    let port: Int
    let log = LogLines()
    /// Holds `/gate` until the test signals it: a handler that answers only when the test says so.
    let gate = DispatchSemaphore(value: 0)
    /// Requests `/gate` answered so far.
    let gateAnswered = Locked(0)

    init(limits: ServerLimits = TestServer.shortLimits, eventLoops: Int = 2, extraRoutes: (inout Router) -> Void = { _ in }) throws {
        var router = Router()
        router.get("/hello", execution: .eventLoop) { _ in .text("hello") }
        router.post("/echo") { request in
            var response = HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: request.body)
            for trailer in request.trailers { response.headers.add("X-Trailer-\(trailer.name)", trailer.value) }
            return response
        }
        router.get("/gate") { [gate, gateAnswered] _ in
            _ = gate.wait(timeout: .now() + 600)
            gateAnswered.withLock { $0 += 1 }
            return .text("let through")
        }
        router.get("/slow/{milliseconds}") { request in
            let milliseconds = Int(request.pathParameters["milliseconds"] ?? "0") ?? 0
            Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)  // a handler doing slow work, not a test waiting
            return .text("slept \(milliseconds)")
        }
        router.addDeferred(.post, "/later") { request, responder in
            // Answers from another thread, as a handler waiting for a group commit does.
            let body = request.body
            DispatchQueue.global().async { responder.respond(HTTPResponse(status: .created, body: body)) }
        }
        router.addDeferred(.get, "/later/refused") { _, _ in
            throw HTTPError(.forbidden, "not for you")
        }
        router.get("/big/{bytes}") { request in
            HTTPResponse(status: .ok, body: [UInt8](repeating: 0x61, count: Int(request.pathParameters["bytes"] ?? "0") ?? 0))
        }
        router.get("/fault/reset") { _ in
            var response = HTTPResponse.text("never sent")
            response.delivery = .resetConnection
            return response
        }
        router.get("/fault/truncated") { _ in
            var response = HTTPResponse.text(String(repeating: "x", count: 1000))
            response.delivery = .truncated(afterBytes: 60)
            return response
        }
        extraRoutes(&router)
        var configuration = ServerConfiguration()
        configuration.limits = limits
        configuration.eventLoops = eventLoops
        let log = self.log
        configuration.log = { line in log.append(line) }
        server = HTTPServer(configuration: configuration, router: router)
        port = try server.start()
    }

    deinit {
        server.shutdown(grace: .milliseconds(100))
    }

    /// - Parameter source: the loopback address the client connects from (127.0.0.2 is another client than 127.0.0.1).
    func client(from source: String? = nil) throws -> RawClient {
        try RawClient(port: port, from: source)
    }

    /// Limits short enough for tests to see them act.
    static var shortLimits: ServerLimits {
        var limits = ServerLimits()
        limits.headerTimeout = .milliseconds(400)
        limits.bodyTimeout = .milliseconds(400)
        limits.idleTimeout = .milliseconds(400)
        limits.writeTimeout = .milliseconds(400)
        limits.maxRequestLineBytes = 1024
        limits.maxHeaderBytes = 4096
        limits.maxHeaderCount = 20
        limits.maxBodyBytes = 64 * 1024
        return limits
    }

    /// The short size limits, with deadlines no test outlives: a connection then closes only for the reason a test
    /// gives it (Connection: close, a shutdown, a cap), never because a slow machine let a deadline pass.
    static var patientLimits: ServerLimits {
        var limits = shortLimits
        limits.headerTimeout = .seconds(600)
        limits.bodyTimeout = .seconds(600)
        limits.idleTimeout = .seconds(600)
        limits.writeTimeout = .seconds(600)
        return limits
    }
}

/// What a server logged, collected for a test to read.
final class LogLines: Sendable {
    private let lines = Locked<[String]>([])

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    var all: [String] { lines.withLock { $0 } }
}
