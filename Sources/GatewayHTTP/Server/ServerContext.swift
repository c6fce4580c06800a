import Dispatch
import GatewayCore
import Synchronization

/// What the event loops of one server share: routes, limits, the handler
/// pool and the counters.
final class ServerContext: Sendable {
    let router: Router
    let limits: ServerLimits
    let log: @Sendable (String) -> Void
    /// Handlers that may block run here, off the event loops.
    let handlers = DispatchQueue(label: "gerbang.http.handlers", qos: .userInitiated, attributes: .concurrent)
    /// Handlers of requests whose body is larger than `limits.inlineBodyBytes` run here, a few at a time.
    let largeBodies: WorkerPool

    let openConnections = Atomic<Int>(0)
    let accepted = Atomic<Int>(0)
    let requests = Atomic<Int>(0)
    let rejected = Atomic<Int>(0)
    let timedOut = Atomic<Int>(0)
    let refusedOverClientCap = Atomic<Int>(0)
    /// Open connections per client key (``NetworkAddress/clientKey(_:)``), clients with none left out.
    private let connectionsByClient = Locked<[String: Int]>([:])
    private let unlimitedClients: Set<String>
    let nextConnectionID = Atomic<UInt64>(0)

    init(router: Router, limits: ServerLimits, log: @escaping @Sendable (String) -> Void) {
        self.router = router
        self.limits = limits
        self.log = log
        unlimitedClients = Set(limits.unlimitedClients.map { NetworkAddress.clientKey(NetworkAddress.host(ofPeer: $0)) })
        largeBodies = WorkerPool(label: "gerbang.http.large-bodies", workers: limits.largeBodyWorkers, capacity: limits.largeBodiesQueued)
    }

    /// Counts a connection of `client` about to be opened; false (nothing counted) when it has its cap open already.
    func opening(from client: String) -> Bool {
        guard !unlimitedClients.contains(client) else { return true }
        return connectionsByClient.withLock { counts in
            let open = counts[client, default: 0]
            guard open < limits.maxConnectionsPerClient else { return false }
            counts[client] = open + 1
            return true
        }
    }

    /// Counts a connection of `client` closed.
    func closed(from client: String) {
        guard !unlimitedClients.contains(client) else { return }
        connectionsByClient.withLock { counts in
            let open = counts[client, default: 0]
            counts[client] = open > 1 ? open - 1 : nil
        }
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
