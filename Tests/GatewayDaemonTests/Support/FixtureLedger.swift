import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
@testable import GatewayDaemon

/// The fixture's database as a service's ledger: each read and each writer job in turn, jobs in a
/// transaction, at the fixture's moment.
final class FixtureLedger: Ledger, @unchecked Sendable {
    let fixture: ProcessorFixture
    private let lock = NSLock()

    init(_ fixture: ProcessorFixture) {
        self.fixture = fixture
    }

    var clock: any TimeSource { FixedTime(fixture.now) }
    var processor: CaseProcessor { fixture.processor }
    var isStopping: Bool { false }

    func read<T>(_ body: (GatewayDatabase) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(fixture.database)
    }

    func write<T>(_ body: @escaping (WorkUnit) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try fixture.job(body)
    }
}

/// A national system on 127.0.0.1 port 0 answering one route with `answer`, keeping every request it was sent.
final class StubSystem: @unchecked Sendable {
    let server: HTTPServer
    let port: Int
    private let lock = NSLock()
    private var received: [HTTPRequest] = []

    init(_ method: HTTPMethod, _ path: String, answer: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws {
        var router = Router()
        let box = Box()
        router.add(method, path) { request in
            box.stub?.keep(request)
            return answer(request)
        }
        server = HTTPServer(router: router)
        port = try server.start()
        box.stub = self
    }

    private final class Box: @unchecked Sendable {
        weak var stub: StubSystem?
    }

    private func keep(_ request: HTTPRequest) {
        lock.lock()
        received.append(request)
        lock.unlock()
    }

    var requests: [HTTPRequest] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    var url: String { "http://127.0.0.1:\(port)" }

    deinit {
        server.shutdown(grace: .milliseconds(100))
    }

    static func json(_ value: JSONValue, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(value.encoded()))
    }
}
