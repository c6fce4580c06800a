import Dispatch
import Foundation
import GatewayCore
import GatewayTestSupport
import Glibc
import Testing
@testable import GatewayHTTP

/// Graceful shutdown: stop accepting, let requests under way finish within the grace period, then close.
@Suite struct HTTPServerShutdownTests {
    /// One event loop, and a /held handler that signals `started`, then waits until the test signals `release`.
    /// No deadline of a connection comes within a test's run: only the shutdown may close one (a 400 ms header
    /// deadline would close an idle client on a slow machine before the shutdown began, and prove nothing).
    func heldServer() throws -> (TestServer, started: DispatchSemaphore, release: DispatchSemaphore) {
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let server = try TestServer(limits: TestServer.patientLimits, eventLoops: 1) { router in
            router.get("/held") { _ in
                started.signal()
                release.wait()
                return .text("done")
            }
        }
        return (server, started, release)
    }

    @Test func aRequestUnderWayFinishesAndNewClientsAreRefused() throws {
        // One loop, and a handler held until the loop has begun draining: the answer then must say "close",
        // however slowly the shutdown thread gets to run.
        let (server, started, release) = try heldServer()
        let idle = try server.client()
        let busy = try server.client()
        try busy.send("GET /held HTTP/1.1\r\nHost: t\r\n\r\n")
        started.wait()
        let stopped = DispatchSemaphore(value: 0)
        let http = server.server
        DispatchQueue.global().async {
            http.shutdown(grace: .seconds(3600))
            stopped.signal()
        }
        #expect(idle.closedByServer())  // the loop is draining
        release.signal()
        let response = busy.response()
        #expect(response?.body == "done")
        #expect(response?.header("Connection") == "close")
        // Done when the last request is: it does not sit out its hour of grace (a hung shutdown ends the wait).
        #expect(stopped.wait(timeout: .now() + Eventually.patience.seconds) == .success)
        #expect(throws: SocketError.self) { try server.client() }
    }

    @Test func aRequestOutlastingTheGracePeriodIsCutOff() throws {
        // The handler is held until the test lets it go: shutdown must return while it still runs.
        let (server, started, release) = try heldServer()
        defer { release.signal() }
        let busy = try server.client()
        try busy.send("GET /held HTTP/1.1\r\nHost: t\r\n\r\n")
        started.wait()
        server.server.shutdown(grace: .milliseconds(200))  // returns although the handler never finished
        let after = busy.read { _ in false }
        #expect(after.text.isEmpty && after.closed)
    }
}
