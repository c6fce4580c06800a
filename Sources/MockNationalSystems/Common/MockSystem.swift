import GatewayCore
import GatewayHTTP
import NationalSystems

/// One national system a mock plays: its routes, its state, what a scenario
/// gives it and the notifications it can send.
public protocol MockSystem: AnyObject, Sendable {
    /// "oss", "siinas" or "sipro": the name in scenarios and ready lines.
    static var name: String { get }

    /// The system's own API. The server wraps each handler with the journal, the faults and persistence.
    func install(into routes: inout MockRoutes)
    /// Extra admin routes under /__admin/ (OSS's quirk switches).
    func installAdmin(into router: inout Router)
    /// An error in the system's own reply shape.
    func errorResponse(_ error: MockError, path: String) -> HTTPResponse

    func snapshot() -> JSONValue
    func restore(_ state: JSONValue) throws
    /// Adds what the scenario gives this system; repeated loads change nothing more.
    func load(_ scenario: Scenario) throws(MockError)
    /// Forgets what one scenario (or, with nil, every scenario and every request) put into the state.
    func reset(scenario: String?)
    var loadedScenarios: [String] { get }
    /// Sends a notification now, and says what came of it.
    func emit(_ event: ScenarioEvent) throws(MockError) -> JSONValue
}

extension MockSystem {
    public func installAdmin(into router: inout Router) {}
}

/// Collects a system's routes for the server to wrap.
public struct MockRoutes {
    struct Route {
        let method: HTTPMethod
        let pattern: String
        let handler: Router.Handler
    }

    private(set) var routes: [Route] = []

    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Router.Handler) {
        routes.append(Route(method: method, pattern: pattern, handler: handler))
    }
}

extension HTTPRequest {
    /// The body as JSON, or a mock error that says what is wrong with it.
    func json() throws(MockError) -> JSONValue {
        do {
            return try JSONValue.decode(bodyData)
        } catch {
            throw .invalid("the body is not JSON: \(String(bodyText.prefix(80)))")
        }
    }

    /// A Codable body, or a mock error naming the field.
    func decoded<T: Decodable>(_ type: T.Type) throws(MockError) -> T {
        do {
            return try decodeJSON(T.self)
        } catch {
            throw .invalid(error.message)
        }
    }
}
