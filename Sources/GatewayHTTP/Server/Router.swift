import Foundation

/// Routes requests by method and path pattern. Patterns are literal segments
/// and `{name}` parameters: `/api/cases/{id}`. Built before the server starts,
/// then read-only.
public struct Router: Sendable {
    public typealias Handler = @Sendable (HTTPRequest) throws -> HTTPResponse
    /// A handler that answers later: it runs on the event loop, must not
    /// block, and calls the responder exactly once from any thread (after a
    /// group commit, for example), so no thread waits while the work is done.
    public typealias DeferredHandler = @Sendable (HTTPRequest, Responder) throws -> Void

    /// Where a handler runs. Handlers that may block (SQLite, outbound calls)
    /// run on the handler pool; only trivial, non-blocking ones should run on
    /// an event loop, where they cost no thread hop.
    public enum Execution: Sendable {
        case handlerPool
        case eventLoop
    }

    enum Body: Sendable {
        case immediate(Execution, Handler)
        case deferred(DeferredHandler)
    }

    struct Route: Sendable {
        let method: HTTPMethod
        let segments: [Segment]
        let body: Body
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    enum Resolution {
        case found(Route, parameters: [String: String])
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
    }

    private(set) var routes: [Route] = []
    /// What ``gated(by:)`` put before the routes: it also sees requests no route takes.
    private var gate: (any RequestGate)?

    public init() {}

    public mutating func add(_ method: HTTPMethod, _ pattern: String, execution: Execution = .handlerPool, _ handler: @escaping Handler) {
        routes.append(Route(method: method, segments: Self.segments(pattern), body: .immediate(execution, handler)))
    }

    /// Adds a route whose handler answers through a ``Responder`` when its work is done.
    public mutating func addDeferred(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping DeferredHandler) {
        routes.append(Route(method: method, segments: Self.segments(pattern), body: .deferred(handler)))
    }

    private static func segments(_ pattern: String) -> [Segment] {
        split(pattern).map { part -> Segment in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
        }
    }

    public mutating func get(_ pattern: String, execution: Execution = .handlerPool, _ handler: @escaping Handler) {
        add(.get, pattern, execution: execution, handler)
    }

    public mutating func post(_ pattern: String, execution: Execution = .handlerPool, _ handler: @escaping Handler) {
        add(.post, pattern, execution: execution, handler)
    }

    /// The patterns served, as "GET /api/cases/{id}" (for an OpenAPI check, for example).
    public var patterns: [String] {
        routes.map { route in
            "\(route.method) /" + route.segments.map {
                switch $0 {
                case .literal(let text): text
                case .parameter(let name): "{\(name)}"
                }
            }.joined(separator: "/")
        }
    }

    func resolve(_ method: HTTPMethod, path: String) -> Resolution {
        let parts = Self.split(path)
        var allowed: [HTTPMethod] = []
        for route in routes {
            guard let parameters = Self.match(route.segments, parts) else { continue }
            // RFC 9110 §9.3.2: HEAD is GET without the content.
            if route.method == method || (method == .head && route.method == .get) {
                return .found(route, parameters: parameters)
            }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    private static func match(_ segments: [Segment], _ parts: [Substring]) -> [String: String]? {
        guard segments.count == parts.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                guard part == text else { return nil }
            case .parameter(let name):
                guard let value = String(part).removingPercentEncoding, !value.isEmpty else { return nil }
                parameters[name] = value
            }
        }
        return parameters
    }

    private static func split(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}

extension Router {
    /// The answer to a request no route takes (404, 405), as the gate lets it through and sees it: a client
    /// probing for paths is refused like one guessing tokens.
    func unrouted(_ request: HTTPRequest, _ response: HTTPResponse) -> HTTPResponse {
        guard let gate else { return response }
        if let refusal = gate.admit(request) { return refusal }
        gate.answered(request, with: response)
        return response
    }
}

/// Answers one deferred request. The first response wins; later calls are ignored.
public struct Responder: Sendable {
    let send: @Sendable (HTTPResponse) -> Void

    public init(_ send: @escaping @Sendable (HTTPResponse) -> Void) {
        self.send = send
    }

    public func respond(_ response: HTTPResponse) {
        send(response)
    }
}

/// Sees every routed request before its handler and every answer after it:
/// for rules that hold for all routes alike, such as refusing a client that
/// failed to authenticate too often.
public protocol RequestGate: Sendable {
    /// A response that answers the request instead of its handler, or nil to let it through.
    func admit(_ request: HTTPRequest) -> HTTPResponse?
    /// The answer the client gets: the handler's, or the HTTP error it threw as its response.
    func answered(_ request: HTTPRequest, with response: HTTPResponse)
}

extension Router {
    /// Every route added so far, behind `gate`.
    public func gated(by gate: some RequestGate) -> Router {
        var gated = Router()
        gated.gate = gate
        gated.routes = routes.map { route in
            let body: Body
            switch route.body {
            case .immediate(let execution, let handler):
                body = .immediate(execution) { request in
                    if let refusal = gate.admit(request) { return refusal }
                    let response: HTTPResponse
                    do {
                        response = try handler(request)
                    } catch let error as any HTTPResponseError {
                        response = error.response
                    }
                    gate.answered(request, with: response)
                    return response
                }
            case .deferred(let handler):
                body = .deferred { request, responder in
                    if let refusal = gate.admit(request) { return responder.respond(refusal) }
                    let observed = Responder { response in
                        gate.answered(request, with: response)
                        responder.respond(response)
                    }
                    do {
                        try handler(request, observed)
                    } catch let error as any HTTPResponseError {
                        observed.respond(error.response)
                    }
                }
            }
            return Route(method: route.method, segments: route.segments, body: body)
        }
        return gated
    }
}
