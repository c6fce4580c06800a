import Foundation
import GatewayCore
import Glibc

/// How a server listens and what it accepts.
public struct ServerConfiguration: Sendable {
    /// A numeric address; loopback unless an operator chooses otherwise.
    public var host = "127.0.0.1"
    /// 0 picks a free port; `HTTPServer.port` tells which.
    public var port = 0
    /// Event loop threads; one per core by default.
    public var eventLoops = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var limits = ServerLimits()
    public var backlog: Int32 = 1024
    /// Where the server reports what an operator should know (refused requests, accept failures).
    public var log: @Sendable (String) -> Void = { _ in }

    public init(host: String = "127.0.0.1", port: Int = 0) {
        self.host = host
        self.port = port
    }
}

/// An HTTP/1.1 server over POSIX sockets and epoll (see `EventLoop` for why).
///
/// `start()` binds and returns once the server accepts connections;
/// `shutdown(grace:)` stops accepting, lets requests under way finish until
/// the grace period ends, then closes what is left.
public final class HTTPServer: Sendable {
    /// Counters since start.
    public struct Statistics: Sendable, Equatable {
        public let connectionsAccepted: Int
        public let connectionsOpen: Int
        public let requests: Int
        public let rejected: Int
        public let timedOut: Int
        /// Connections closed at once because their client had `maxConnectionsPerClient` open already.
        public let refusedOverClientCap: Int
    }

    private enum State {
        case idle
        case running(port: Int, loops: [EventLoop])
        case stopped
    }

    public let configuration: ServerConfiguration
    let context: ServerContext
    private let state = Locked<State>(.idle)

    public init(configuration: ServerConfiguration = ServerConfiguration(), router: Router) {
        self.configuration = configuration
        self.context = ServerContext(router: router, limits: configuration.limits, log: configuration.log)
    }

    /// Binds, starts the event loops and returns the port.
    @discardableResult
    public func start() throws(SocketError) -> Int {
        try start(on: ListeningSocket(host: configuration.host, port: configuration.port, backlog: configuration.backlog))
    }

    /// Starts the event loops on a socket bound beforehand (see ``ListeningSocket``) and returns the port.
    @discardableResult
    public func start(on socket: ListeningSocket) throws(SocketError) -> Int {
        let fresh = state.withLock { if case .idle = $0 { return true } else { return false } }
        guard fresh else { throw SocketError("start (the server was already started; make a new one)", code: EALREADY) }
        Sockets.ignoreBrokenPipes()
        guard let listening = socket.take() else { throw SocketError("start (the socket serves another server already)", code: EALREADY) }
        var loops: [EventLoop] = []
        do {
            for index in 0..<max(1, configuration.eventLoops) {
                loops.append(try EventLoop(index: index, context: context))
            }
        } catch {
            Sockets.close(listening.descriptor)
            throw error
        }
        for loop in loops { loop.loops = loops }
        loops[0].startAccepting(on: listening.descriptor)
        for loop in loops {
            let thread = Thread { loop.run() }
            thread.name = "gerbang-http-\(loop.index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
        state.withLock { $0 = .running(port: listening.port, loops: loops) }
        return listening.port
    }

    /// The bound port, once started.
    public var port: Int {
        state.withLock {
            if case .running(let port, _) = $0 { return port }
            return 0
        }
    }

    /// Stops accepting at once; requests under way may finish within `grace`,
    /// then every connection is closed. Returns when the loops have stopped.
    public func shutdown(grace: Duration = .seconds(10)) {
        let loops: [EventLoop] = state.withLock { state in
            guard case .running(_, let loops) = state else { return [] }
            state = .stopped
            return loops
        }
        let deadline = Sockets.now() + grace.nanoseconds
        for loop in loops { loop.post(.drain(deadline: deadline)) }
        for loop in loops { loop.finished.wait() }
        // Each loop knows every loop (to hand accepted connections round): a cycle that would keep the loops,
        // and through their context the router and all its routes hold, alive after the server stopped.
        for loop in loops { loop.loops = [] }
    }

    public var statistics: Statistics {
        Statistics(
            connectionsAccepted: context.accepted.load(ordering: .relaxed),
            connectionsOpen: context.openConnections.load(ordering: .relaxed),
            requests: context.requests.load(ordering: .relaxed),
            rejected: context.rejected.load(ordering: .relaxed),
            timedOut: context.timedOut.load(ordering: .relaxed),
            refusedOverClientCap: context.refusedOverClientCap.load(ordering: .relaxed))
    }
}

/// A socket bound and listening before anything else starts: a program whose port is taken
/// fails before it has created anything (a database, a lock file). Closed when dropped
/// unless a server took it.
public final class ListeningSocket: Sendable {
    private let socket: Locked<(descriptor: Int32, port: Int)?>
    public let port: Int

    public init(host: String, port: Int, backlog: Int32 = 1024) throws(SocketError) {
        let listening = try Sockets.listen(host: host, port: port, backlog: backlog)
        socket = Locked(listening)
        self.port = listening.port
    }

    /// The descriptor and port, once: the server that takes them closes them.
    func take() -> (descriptor: Int32, port: Int)? {
        socket.withLock { held in
            defer { held = nil }
            return held
        }
    }

    deinit {
        if let left = take() { Sockets.close(left.descriptor) }
    }
}
