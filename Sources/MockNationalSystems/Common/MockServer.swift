import Foundation
import GatewayCore
import GatewayHTTP
import NationalSystems

/// A national system on its own HTTP server: the system's API, wrapped with
/// the request journal, injected faults and state persistence, plus the
/// admin API under /__admin/ (journal, faults, scenario, events, state,
/// config, clock).
public final class MockServer: Sendable {
    public let system: any MockSystem
    public let context: MockContext
    private let http: HTTPServer
    private let stateFile: StateFile?
    /// Every route served, as "POST /v1/kl/rba/checkLicenseStatus", for checking the OpenAPI documents.
    public let routes: [String]

    /// - Parameters:
    ///   - stateFile: where state is kept across restarts; nil keeps it in memory only.
    public init(
        host: String = "127.0.0.1", port: Int, settings: MockSettings = MockSettings(), scenarios: ScenarioLibrary,
        stateFile: StateFile? = nil, clock: MockClock = MockClock(), log: @escaping @Sendable (String) -> Void = { _ in },
        system makeSystem: (MockContext) -> any MockSystem
    ) throws {
        let context = MockContext(settings: settings, scenarios: scenarios, clock: clock)
        let system = makeSystem(context)
        if let stateFile, let saved = stateFile.read() {
            do {
                try system.restore(try JSONValue.decode(saved))
            } catch {
                throw MockError.invalid("\(stateFile.path) cannot be read as \(type(of: system).name) state: \(error); move it aside to start empty")
            }
        }
        var router = Router()
        var routes = MockRoutes()
        system.install(into: &routes)
        for route in routes.routes {
            router.add(route.method, route.pattern, Self.wrap(route.handler, system: system, context: context, stateFile: stateFile))
        }
        Self.installAdmin(into: &router, system: system, context: context, stateFile: stateFile)
        system.installAdmin(into: &router)
        var configuration = ServerConfiguration(host: host, port: port)
        configuration.eventLoops = 1
        configuration.limits.maxBodyBytes = 4 * 1024 * 1024  // a BAP PDF of up to 2 MB, base64-encoded in JSON
        configuration.log = log
        self.system = system
        self.context = context
        self.stateFile = stateFile
        self.routes = router.patterns
        self.http = HTTPServer(configuration: configuration, router: router)
    }

    public var name: String { type(of: system).name }

    /// Binds and serves; returns the port.
    @discardableResult
    public func start() throws -> Int {
        let port = try http.start()
        context.url = "http://\(http.configuration.host):\(port)"
        return port
    }

    public var url: String { context.url }

    public func stop(grace: Duration = .seconds(2)) {
        http.shutdown(grace: grace)
    }

    // MARK: The system's API, wrapped

    private static func wrap(_ handler: @escaping Router.Handler, system: any MockSystem, context: MockContext, stateFile: StateFile?) -> Router.Handler {
        { request in
            let decision = context.faults.decide(path: request.path)
            if decision.latency > .zero {
                Thread.sleep(forTimeInterval: decision.latency.seconds)
            }
            var response: HTTPResponse
            var fault = decision.label
            let remembers = context.settings.idempotencyMemory
            let key = request.method == .get || request.method == .head || !remembers ? nil : request.headers[IdempotencyCache.header]
            if decision.error {
                response = system.errorResponse(.injected(status: context.faults.settings.errorStatus), path: request.path)
            } else {
                (response, fault) = try context.idempotency.exclusively(key) { () throws -> (HTTPResponse, String?) in
                    if let key, case .hit(let earlier) = context.idempotency.lookup(key, for: request) {
                        return (earlier, [fault, "replay"].compactMap { $0 }.joined(separator: ","))
                    }
                    if let key, case .mismatch = context.idempotency.lookup(key, for: request) {
                        return (system.errorResponse(.unprocessable("Idempotency-Key \(key) was used for a different request"), path: request.path), fault)
                    }
                    var response: HTTPResponse
                    do {
                        response = try handler(request)
                    } catch let error as MockError {
                        response = system.errorResponse(error, path: request.path)
                    } catch let error as any HTTPResponseError {
                        response = system.errorResponse(MockError.invalid(error.message), path: request.path)
                    }
                    if let key { context.idempotency.remember(key, for: request, response: response) }
                    if request.method != .get, request.method != .head { persist(system, to: stateFile) }
                    return (response, fault)
                }
            }
            // The status is journalled even when the connection is reset: the work was done, the client just never hears.
            if decision.reset { response.delivery = .resetConnection }
            if decision.truncate { response.delivery = .truncated(afterBytes: 40 + response.body.count / 2) }
            let note = response.headers[IdempotencyCache.noteHeader]
            response.headers.remove(IdempotencyCache.noteHeader)
            context.journal.record(.received, method: request.method.rawValue, target: request.target, headers: request.headers,
                                   body: request.body, status: response.status.code, fault: fault, note: note)
            return response
        }
    }

    private static func persist(_ system: any MockSystem, to stateFile: StateFile?) {
        guard let stateFile else { return }
        try? stateFile.write(system.snapshot().encoded())
    }

    // MARK: The admin API

    private static func installAdmin(into router: inout Router, system: any MockSystem, context: MockContext, stateFile: StateFile?) {
        let name = type(of: system).name

        router.get("/__admin/journal") { request in
            let direction = request.query["direction"].flatMap(Journal.Entry.Direction.init(rawValue:))
            return .json(JournalPage(entries: context.journal.entries(direction: direction, pathPrefix: request.query["path"]),
                                     dropped: context.journal.dropped))
        }
        router.add(.delete, "/__admin/journal") { _ in
            context.journal.clear()
            return HTTPResponse(status: .noContent)
        }

        router.get("/__admin/faults") { _ in .json(context.faults.settings) }
        router.add(.put, "/__admin/faults") { request in
            let settings: FaultSettings = try Self.merged(FaultSettings(), with: request)
            if let problem = settings.problem { throw HTTPError(.badRequest, problem) }
            context.faults.configure(settings)
            return .json(settings)
        }
        router.add(.delete, "/__admin/faults") { _ in
            context.faults.configure(FaultSettings())
            return HTTPResponse(status: .noContent)
        }

        router.get("/__admin/scenario") { _ in
            .json(["available": context.scenarios.names, "loaded": system.loadedScenarios])
        }
        router.post("/__admin/scenario") { request in
            // A scenario from the library by name, or one given whole (a demo's copy with its own identifiers).
            struct Load: Decodable { let name: String?; let scenario: Scenario?; let emit: Bool? }
            let load = try request.decodeJSON(Load.self)
            let scenario: Scenario
            if let given = load.scenario {
                scenario = given
            } else if let name = load.name {
                scenario = try Self.adminCall { () throws(MockError) in try context.scenarios.load(name) }
            } else {
                throw HTTPError(.badRequest, "give a scenario's name, or the scenario itself as \"scenario\"")
            }
            try Self.adminCall { () throws(MockError) in try system.load(scenario) }
            var emitted: [JSONValue] = []
            if load.emit == true {
                for event in scenario.events where event.system == name && event.onLoad == true {
                    emitted.append(try Self.adminCall { () throws(MockError) in try system.emit(event) })
                }
            }
            persist(system, to: stateFile)
            return .json(["loaded": JSONValue.string(scenario.name), "emitted": .array(emitted)])
        }
        router.add(.delete, "/__admin/scenario") { request in
            system.reset(scenario: request.query["name"])
            persist(system, to: stateFile)
            return HTTPResponse(status: .noContent)
        }

        router.post("/__admin/events") { request in
            struct Named: Decodable { let scenario: String; let id: String }
            let event: ScenarioEvent
            if let named = try? request.decodeJSON(Named.self) {
                let scenario = try Self.adminCall { () throws(MockError) in try context.scenarios.load(named.scenario) }
                guard let found = scenario.events.first(where: { $0.id == named.id }) else {
                    throw HTTPError(.notFound, "scenario '\(named.scenario)' has no event '\(named.id)'")
                }
                event = found
            } else {
                event = try request.decodeJSON(ScenarioEvent.self)
            }
            if let system = event.system, system != name {
                throw HTTPError(.badRequest, "event for \(system) sent to the \(name) mock: send it to that mock")
            }
            let result = try Self.adminCall { () throws(MockError) in try system.emit(event) }
            persist(system, to: stateFile)
            return .json(result)
        }

        router.get("/__admin/state") { _ in .json(system.snapshot()) }

        router.get("/__admin/config") { _ in .json(context.settings.masked) }
        router.add(.put, "/__admin/config") { request in
            let settings: MockSettings = try Self.merged(context.settings, with: request)
            context.update { $0 = settings }
            return .json(settings.masked)
        }

        router.add(.put, "/__admin/clock") { request in
            struct Clock: Decodable { let now: String }
            let text = try request.decodeJSON(Clock.self).now
            guard let instant = ISO8601DateFormatter().date(from: text) else {
                throw HTTPError(.badRequest, "'\(text)' is not an ISO 8601 time such as 2026-12-31T23:59:59+07:00")
            }
            context.clock.set(instant)
            return .json(["now": context.clock.isoNow()])
        }
        router.add(.delete, "/__admin/clock") { _ in
            context.clock.set(nil)
            return HTTPResponse(status: .noContent)
        }
    }

    /// A settings object with the request's fields written over `current`.
    private static func merged<T: Codable>(_ current: T, with request: HTTPRequest) throws -> T {
        let patch = try Self.adminCall { () throws(MockError) in try request.json() }
        do {
            return try JSONValue.from(current).merging(patch).decode(T.self)
        } catch let error as DecodingError {
            let (field, problem) = error.explained
            throw HTTPError(.badRequest, field.map { "field '\($0)' \(problem)" } ?? "the body \(problem)")
        }
    }

    /// Runs a system call for the admin API, turning its error into an HTTP error.
    private static func adminCall<T>(_ body: () throws(MockError) -> T) throws(HTTPError) -> T {
        do {
            return try body()
        } catch {
            throw HTTPError(error.status, error.message)
        }
    }
}

/// `GET /__admin/journal`: the entries asked for, and how many of the oldest the journal let go (its capacity).
struct JournalPage: Codable {
    let entries: [Journal.Entry]
    let dropped: Int
}
