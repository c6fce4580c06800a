import Dispatch
import Synchronization

/// What the event loops of one server share: routes, limits, the handler
/// pool and the counters.
final class ServerContext: Sendable {
    let router: Router
    let limits: ServerLimits
    let log: @Sendable (String) -> Void
    /// Handlers that may block run here, off the event loops.
    let handlers = DispatchQueue(label: "gerbang.http.handlers", qos: .userInitiated, attributes: .concurrent)

    let openConnections = Atomic<Int>(0)
    let accepted = Atomic<Int>(0)
    let requests = Atomic<Int>(0)
    let rejected = Atomic<Int>(0)
    let timedOut = Atomic<Int>(0)
    let nextConnectionID = Atomic<UInt64>(0)

    init(router: Router, limits: ServerLimits, log: @escaping @Sendable (String) -> Void) {
        self.router = router
        self.limits = limits
        self.log = log
    }

    /// Runs a handler; its HTTP errors become their responses, anything else a 500 whose detail is logged, not sent.
    func respond(to request: HTTPRequest, with handler: Router.Handler) -> HTTPResponse {
        do {
            return try handler(request)
        } catch let error as any HTTPResponseError {
            return error.response
        } catch {
            log("\(request.method) \(request.path) failed: \(error)")
            return HTTPError(.internalServerError, "the request failed inside the server; the operators' log has the details").response
        }
    }
}
