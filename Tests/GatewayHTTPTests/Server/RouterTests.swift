import Foundation
import GatewayCore
import Testing
@testable import GatewayHTTP

@Suite struct RouterTests {
    let router: Router = {
        var router = Router()
        router.get("/api/cases") { _ in .text("list") }
        router.get("/api/cases/{id}") { request in .text("case \(request.pathParameters["id"] ?? "")") }
        router.post("/api/cases/{id}/decisions") { _ in .text("decided") }
        router.add(.delete, "/api/tokens/{token}") { _ in .text("revoked") }
        return router
    }()

    func handle(_ method: HTTPMethod, _ target: String) throws -> HTTPResponse? {
        var request = HTTPRequest(method: method, target: target)
        guard case .found(let route, let parameters) = router.resolve(method, path: request.path) else { return nil }
        request.pathParameters = parameters
        guard case .immediate(_, let handler) = route.body else { return nil }
        return try handler(request)
    }

    @Test func literalAndParameterSegmentsMatch() throws {
        #expect(try handle(.get, "/api/cases")?.bodyText == "list")
        #expect(try handle(.get, "/api/cases/izin-perluasan-1")?.bodyText == "case izin-perluasan-1")
        #expect(try handle(.post, "/api/cases/7/decisions")?.bodyText == "decided")
    }

    @Test func parametersArePercentDecodedAndTheQueryIsNotPartOfThePath() throws {
        #expect(try handle(.get, "/api/cases/DEMO%2F1?x=1")?.bodyText == "case DEMO/1")
    }

    @Test func aTrailingSlashMatchesTheSameRoute() throws {
        #expect(try handle(.get, "/api/cases/")?.bodyText == "list")
    }

    @Test func anUnknownPathIsNotFound() {
        guard case .notFound = router.resolve(.get, path: "/api/nothing") else { Issue.record("expected not found"); return }
    }

    @Test func aKnownPathWithAnotherMethodListsTheAllowedOnes() {
        guard case .methodNotAllowed(let allowed) = router.resolve(.put, path: "/api/cases/1") else { Issue.record("expected 405"); return }
        #expect(allowed == [.get])
    }

    @Test func headUsesTheGetRoute() throws {
        #expect(try handle(.head, "/api/cases")?.bodyText == "list")
    }

    @Test func patternsAreListedForDocumentation() {
        #expect(router.patterns == ["GET /api/cases", "GET /api/cases/{id}", "POST /api/cases/{id}/decisions", "DELETE /api/tokens/{token}"])
    }
}

/// A gate that refuses one client and remembers the statuses it saw answered.
final class RecordingGate: RequestGate, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [Int] = []
    var statuses: [Int] { lock.withLock { seen } }

    func admit(_ request: HTTPRequest) -> HTTPResponse? {
        request.remoteAddress.hasPrefix("127.0.0.9:") ? HTTPError(.tooManyRequests, "slow down").response : nil
    }

    func answered(_ request: HTTPRequest, with response: HTTPResponse) {
        lock.withLock { seen.append(response.status.code) }
    }
}

@Suite struct RequestGateTests {
    let gate = RecordingGate()

    var router: Router {
        var router = Router()
        router.get("/open") { _ in .text("open") }
        router.get("/locked") { _ in throw HTTPError(.unauthorized, "a token is required") }
        router.addDeferred(.post, "/later") { _, responder in responder.respond(.text("later", status: .accepted)) }
        return router.gated(by: gate)
    }

    func handle(_ method: HTTPMethod, _ path: String, from address: String = "127.0.0.1:5000") throws -> HTTPResponse? {
        let request = HTTPRequest(method: method, target: path, remoteAddress: address)
        guard case .found(let route, _) = router.resolve(method, path: path) else { return nil }
        switch route.body {
        case .immediate(_, let handler):
            return try handler(request)
        case .deferred(let handler):
            let answer = Locked<HTTPResponse?>(nil)
            try handler(request, Responder { response in answer.withLock { $0 = response } })
            return answer.withLock { $0 }
        }
    }

    @Test func everyAnswerIsSeenIncludingThrownErrorsAndDeferredOnes() throws {
        #expect(try handle(.get, "/open")?.status == .ok)
        #expect(try handle(.get, "/locked")?.status == .unauthorized)
        #expect(try handle(.post, "/later")?.status == .accepted)
        #expect(gate.statuses == [200, 401, 202])
    }

    @Test func aRefusedClientGetsTheGatesAnswerAndNoHandlerRuns() throws {
        #expect(try handle(.get, "/open", from: "127.0.0.9:5000")?.status == .tooManyRequests)
        #expect(try handle(.post, "/later", from: "127.0.0.9:5000")?.status == .tooManyRequests)
        #expect(gate.statuses.isEmpty)
    }
}

@Suite struct JSONAndErrorTests {
    struct Decision: Codable, Equatable {
        let answer: String
        let note: String?
    }

    @Test func aJSONBodyDecodes() throws {
        let request = HTTPRequest(method: .post, target: "/", headers: ["Content-Type": "application/json"],
                                  body: Array(#"{"answer":"yes","note":"lengkap"}"#.utf8))
        #expect(try request.decodeJSON(Decision.self) == Decision(answer: "yes", note: "lengkap"))
    }

    @Test func aBodyMissingAFieldIsA400NamingIt() {
        let request = HTTPRequest(method: .post, target: "/", body: Array(#"{"note":"x"}"#.utf8))
        #expect(throws: HTTPError(.badRequest, "field 'answer' is missing")) { try request.decodeJSON(Decision.self) }
    }

    @Test func aBodyThatIsNotJSONIsA415WhenItSaysSo() {
        let request = HTTPRequest(method: .post, target: "/", headers: ["Content-Type": "text/plain"], body: Array("yes".utf8))
        do {
            _ = try request.decodeJSON(Decision.self)
            Issue.record("a text body decoded as JSON")
        } catch {
            #expect(error.status == .unsupportedMediaType)
        }
    }

    @Test func anHTTPErrorBecomesAJSONBodyWithItsStatusAndHeaders() throws {
        let response = HTTPError(.unauthorized, "the Token header is missing", headers: ["WWW-Authenticate": "Token"]).response
        #expect(response.status == .unauthorized)
        #expect(response.headers["WWW-Authenticate"] == "Token")
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(try response.decodeJSON(ErrorBody.self) == ErrorBody(error: .init(status: 401, message: "the Token header is missing")))
    }

    @Test func aJSONResponseHasSortedKeys() {
        #expect(HTTPResponse.json(["b": 1, "a": 2]).bodyText == #"{"a":2,"b":1}"#)
    }
}
