import CLinux
import Dispatch
import Foundation
import GatewayCore
import Glibc
import Synchronization

/// One thread running an epoll loop over a share of the server's connections.
///
/// Why epoll loops and not a thread per connection: measured on the 2-core
/// development machine with wrk and 64 keep-alive connections, minimal C
/// servers of each kind served 74-79k requests/s with a thread per connection
/// and 103-111k with two epoll loops; memory was no tiebreaker (a blocked
/// thread costs about 12.5 KB, so 1,000 idle ones would fit in 30 MB too).
///
/// Level-triggered epoll; each connection asks only for the events it can
/// act on now (read when it can take a request, write when output waits,
/// nothing while its handler runs), so the loop never spins. Deadlines are
/// checked by a sweep when the earliest one is due.
final class EventLoop: @unchecked Sendable {
    // Confinement: `inbox` and `stopped` are shared under their mutex; every
    // other property is touched only on the loop's own thread.

    enum Message {
        case adopt(Int32, address: String)
        case completed(descriptor: Int32, connectionID: UInt64, HTTPResponse)
        case drain(deadline: UInt64)
        case resumeAccepting
    }

    let index: Int
    private let context: ServerContext
    private let epoll: Int32
    private let wakeDescriptor: Int32
    private let inbox = Locked<(messages: [Message], stopped: Bool)>(([], false))
    let finished = DispatchSemaphore(value: 0)

    private var connections: [Int32: Connection] = [:]
    private var serializer = ResponseSerializer()
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    private var nextSweep = UInt64.max
    private var running = true
    private var drainDeadline: UInt64?

    // The acceptor's part (the first loop holds the listening socket).
    var listener: Int32 = -1
    var loops: [EventLoop] = []
    private var nextLoop = 0
    private var acceptPaused = false
    private var acceptResumeAt: UInt64?

    init(index: Int, context: ServerContext) throws(SocketError) {
        self.index = index
        self.context = context
        epoll = cepoll_create()
        guard epoll >= 0 else { throw SocketError("epoll_create1") }
        wakeDescriptor = cepoll_eventfd()
        guard wakeDescriptor >= 0 else {
            let error = SocketError("eventfd")
            Sockets.close(epoll)
            throw error
        }
        _ = cepoll_add(epoll, wakeDescriptor, cepoll_in)
    }

    deinit {
        scratch.deallocate()
    }

    /// Hands the loop work from another thread and wakes it. Only the first message of a batch writes the eventfd:
    /// the loop takes every message waiting when it wakes, so the ones after it ride along (the writer answers a
    /// group of pushes at once, with one wake of each loop instead of a system call a push).
    func post(_ message: Message) {
        inbox.withLock { state in
            guard !state.stopped else { return }  // the eventfd may be closed and its number reused
            state.messages.append(message)
            guard state.messages.count == 1 else { return }
            var one: UInt64 = 1
            _ = Glibc.write(wakeDescriptor, &one, 8)
        }
    }

    func startAccepting(on descriptor: Int32) {
        listener = descriptor
        _ = cepoll_add(epoll, descriptor, cepoll_in)
    }

    // MARK: The loop

    func run() {
        let capacity: Int32 = 256
        var descriptors = [Int32](repeating: 0, count: Int(capacity))
        var events = [UInt32](repeating: 0, count: Int(capacity))
        while running {
            let count = cepoll_wait(epoll, &descriptors, &events, capacity, timeoutMilliseconds())
            if count < 0 {
                if errno != EINTR { context.log("epoll_wait failed: \(SocketError("epoll_wait"))") }
                continue
            }
            for slot in 0..<Int(count) {
                let descriptor = descriptors[slot]
                if descriptor == wakeDescriptor {
                    var value: UInt64 = 0
                    _ = Glibc.read(wakeDescriptor, &value, 8)
                    processInbox()
                } else if descriptor == listener {
                    acceptConnections()
                } else if let connection = connections[descriptor] {
                    handle(events[slot], on: connection)
                }
            }
            let now = Sockets.now()
            if now >= nextSweep { sweep(now) }
            if let deadline = drainDeadline, connections.isEmpty || now >= deadline {
                running = false
            }
        }
        for connection in Array(connections.values) { close(connection) }
        if listener >= 0 { Sockets.close(listener) }
        inbox.withLock { state in
            state.stopped = true
            Sockets.close(wakeDescriptor)
        }
        Sockets.close(epoll)
        finished.signal()
    }

    private func timeoutMilliseconds() -> Int32 {
        guard nextSweep != .max else { return 1000 }
        let now = Sockets.now()
        return nextSweep <= now ? 0 : Int32(min(1000, (nextSweep - now) / 1_000_000 + 1))
    }

    private func processInbox() {
        let messages = inbox.withLock { state in
            defer { state.messages.removeAll(keepingCapacity: true) }
            return state.messages
        }
        for message in messages {
            switch message {
            case .adopt(let descriptor, let address):
                adopt(descriptor, address: address)
            case .completed(let descriptor, let id, let response):
                // The connection may have closed (or its descriptor been reused) while the handler ran.
                guard let connection = connections[descriptor], connection.id == id else { continue }
                complete(connection, with: response)
                if !connection.hasPendingOutput, connections[descriptor] === connection { advance(connection) }
            case .drain(let deadline):
                startDraining(until: deadline)
            case .resumeAccepting:
                resumeAccepting()
            }
        }
    }

    // MARK: Accepting

    private func acceptConnections() {
        for _ in 0..<64 {
            if context.openConnections.load(ordering: .relaxed) >= context.limits.maxConnections {
                // Further clients wait in the listen backlog until a connection closes.
                pauseAccepting(until: nil)
                return
            }
            switch Sockets.accept(listener) {
            case .accepted(let descriptor, let address):
                guard context.opening(from: NetworkAddress.clientKey(NetworkAddress.host(ofPeer: address))) else {
                    // One address may not take every connection: closed at once, its other connections go on.
                    context.refusedOverClientCap.add(1, ordering: .relaxed)
                    Sockets.close(descriptor)
                    continue
                }
                context.openConnections.add(1, ordering: .relaxed)
                context.accepted.add(1, ordering: .relaxed)
                Sockets.setNoDelay(descriptor)
                let loop = loops[nextLoop % loops.count]
                nextLoop += 1
                if loop === self { adopt(descriptor, address: address) } else { loop.post(.adopt(descriptor, address: address)) }
            case .wouldBlock:
                return
            case .failed(let code) where [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(code):
                // Out of descriptors or memory: the pending connection stays queued and the
                // listener stays readable, so retrying now would spin. Pause, then try again.
                context.log("accept: \(SocketError("accept", code: code)): pausing accepts for 100 ms")
                pauseAccepting(until: Sockets.now() + 100_000_000)
                return
            case .failed(let code):
                context.log("accept: \(SocketError("accept", code: code))")
                return
            }
        }
    }

    private func pauseAccepting(until resumeAt: UInt64?) {
        if !acceptPaused {
            _ = cepoll_modify(epoll, listener, 0)
            acceptPaused = true
        }
        acceptResumeAt = resumeAt
        if let resumeAt { nextSweep = min(nextSweep, resumeAt) }
    }

    private func resumeAccepting() {
        guard acceptPaused, listener >= 0, drainDeadline == nil else { return }
        if let resumeAt = acceptResumeAt, Sockets.now() < resumeAt { return }
        guard context.openConnections.load(ordering: .relaxed) < context.limits.maxConnections else { return }
        acceptResumeAt = nil
        acceptPaused = false
        _ = cepoll_modify(epoll, listener, cepoll_in)
    }

    private func adopt(_ descriptor: Int32, address: String) {
        let connection = Connection(
            descriptor: descriptor, id: context.nextConnectionID.add(1, ordering: .relaxed).newValue,
            remoteAddress: address, limits: context.limits)
        connections[descriptor] = connection
        connection.interest = cepoll_in
        _ = cepoll_add(epoll, descriptor, cepoll_in)
        if drainDeadline != nil {
            close(connection)
            return
        }
        // A new connection that says nothing is closed after the header timeout, not the longer
        // idle one, and silently: a 408 on a connection without a request can be misread by a
        // client that is just starting to use it.
        setDeadline(connection, .idle, after: context.limits.headerTimeout)
    }

    // MARK: Events

    private func handle(_ events: UInt32, on connection: Connection) {
        if events & cepoll_err != 0 {
            close(connection)
            return
        }
        if events & cepoll_out != 0 {
            flush(connection)
            guard connections[connection.descriptor] === connection else { return }
            if !connection.hasPendingOutput { advance(connection) }
        }
        if events & (cepoll_in | cepoll_hup) != 0, connections[connection.descriptor] === connection {
            readable(connection)
        }
    }

    private func readable(_ connection: Connection) {
        switch Sockets.read(connection.descriptor, into: scratch) {
        case .bytes(let count):
            if case .lingering = connection.phase {
                connection.discardedBytes += count
                if connection.discardedBytes > 1 << 20 { close(connection) }
                return
            }
            connection.input.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
            advance(connection)
        case .endOfStream:
            connection.peerClosedInput = true
            switch connection.phase {
            case .handling:
                setInterest(connection, 0)  // answer, then close; no more reading
            default:
                if connection.hasPendingOutput { setInterest(connection, cepoll_out) } else { close(connection) }
            }
        case .wouldBlock:
            return
        case .failed:
            close(connection)
        }
    }

    // MARK: The request cycle

    /// Parses and answers as many requests as the buffered bytes hold, in order.
    private func advance(_ connection: Connection) {
        while connections[connection.descriptor] === connection, !connection.hasPendingOutput, !connection.closeAfterWrite {
            switch connection.phase {
            case .handling, .lingering:
                return

            case .waiting, .readingHead:
                if connection.input.isEmpty {
                    if case .waiting = connection.phase {
                        if drainDeadline != nil { return close(connection) }
                        if connection.requestsServed > 0 { setDeadline(connection, .idle, after: context.limits.idleTimeout) }
                    }
                    setInterest(connection, cepoll_in)
                    return
                }
                if case .waiting = connection.phase {
                    // The header deadline runs from the request's first byte, so trickling it cannot hold the connection.
                    connection.phase = .readingHead
                    setDeadline(connection, .header, after: context.limits.headerTimeout)
                }
                let result = connection.input.withUnsafeBufferPointer { connection.parser.parse($0) }
                switch result {
                case .incomplete:
                    setInterest(connection, cepoll_in)
                    return
                case .failed(let error):
                    return reject(connection, error)
                case .complete(let head, let consumed):
                    connection.input.removeFirst(consumed)
                    connection.parser.reset()
                    switch head.framing {
                    case .none:
                        dispatch(connection, head: head, body: [], trailers: [:])
                    case .length(let length):
                        connection.phase = .readingBody(head, .length(length))
                        startBody(connection, head, bodyArrived: connection.input.count >= length)
                    case .chunked:
                        connection.phase = .readingBody(head, .chunked(ChunkedDecoder(limits: context.limits)))
                        startBody(connection, head, bodyArrived: !connection.input.isEmpty)
                    }
                }

            case .readingBody(let head, .length(let length)):
                guard connection.input.count >= length else {
                    setInterest(connection, cepoll_in)
                    return
                }
                let body = Array(connection.input[0..<length])
                connection.input.removeFirst(length)
                dispatch(connection, head: head, body: body, trailers: [:])

            case .readingBody(let head, .chunked(var decoder)):
                let result = connection.input.withUnsafeBufferPointer { decoder.decode($0) }
                switch result {
                case .needsMore(let consumed):
                    connection.input.removeFirst(consumed)
                    connection.phase = .readingBody(head, .chunked(decoder))
                    setInterest(connection, cepoll_in)
                    return
                case .done(let consumed):
                    connection.input.removeFirst(consumed)
                    dispatch(connection, head: head, body: decoder.body, trailers: decoder.trailers)
                case .failed(let error):
                    return reject(connection, error)
                }
            }
        }
    }

    private func startBody(_ connection: Connection, _ head: RequestHead, bodyArrived: Bool) {
        setDeadline(connection, .body, after: context.limits.bodyTimeout)
        if head.expectsContinue, !bodyArrived {
            // RFC 9110 §10.1.1: the client waits for this before sending the body.
            connection.output.append(contentsOf: ResponseSerializer.continueLine)
            flush(connection)
        }
    }

    private func dispatch(_ connection: Connection, head: RequestHead, body: [UInt8], trailers: HTTPHeaders) {
        connection.phase = .handling
        connection.deadline = nil
        connection.version = head.version
        connection.headOnly = head.method == .head
        var request = HTTPRequest(
            method: head.method, target: head.target, version: head.version, headers: head.headers,
            trailers: trailers, body: body, remoteAddress: connection.remoteAddress)
        connection.keepAlive = request.keepAlive
        switch context.router.resolve(head.method, path: request.path) {
        case .notFound:
            complete(connection, with: context.router.unrouted(request, HTTPError(.notFound, "no route for \(head.method) \(request.path)").response))
        case .methodNotAllowed(let allowed):
            let methods = allowed.map(\.rawValue).joined(separator: ", ")
            complete(connection, with: context.router.unrouted(
                request, HTTPError(.methodNotAllowed, "\(request.path) takes \(methods)", headers: ["Allow": methods]).response))
        case .found(let route, let parameters):
            request.pathParameters = parameters
            let descriptor = connection.descriptor, id = connection.id, context = self.context, request = request
            if request.body.count > context.limits.inlineBodyBytes {
                // Off the loop, whatever the route asked: reading a large body must not hold up the other connections.
                setInterest(connection, 0)
                let responder = responder(descriptor: descriptor, id: id)
                let accepted = context.largeBodies.submit {
                    switch route.body {
                    case .immediate(_, let handler): responder.respond(context.respond(to: request, with: handler))
                    case .deferred(let handler): Self.run(handler, request, responder, context)
                    }
                }
                if !accepted {
                    responder.respond(HTTPError(.serviceUnavailable, "too many large requests are being read: send it again shortly",
                                                headers: ["Retry-After": "1"]).response)
                }
                return
            }
            switch route.body {
            case .immediate(.eventLoop, let handler):
                complete(connection, with: context.respond(to: request, with: handler))
            case .immediate(.handlerPool, let handler):
                setInterest(connection, 0)
                context.handlers.async { [self] in
                    post(.completed(descriptor: descriptor, connectionID: id, context.respond(to: request, with: handler)))
                }
            case .deferred(let handler):
                setInterest(connection, 0)
                Self.run(handler, request, responder(descriptor: descriptor, id: id), context)
            }
        }
    }

    /// A responder for the request under way on a connection: the first answer is posted to this loop, later ones are ignored.
    private func responder(descriptor: Int32, id: UInt64) -> Responder {
        let answered = Atomic<Bool>(false)
        return Responder { [self] response in
            guard !answered.exchange(true, ordering: .acquiringAndReleasing) else { return }
            post(.completed(descriptor: descriptor, connectionID: id, response))
        }
    }

    private static func run(_ handler: Router.DeferredHandler, _ request: HTTPRequest, _ responder: Responder, _ context: ServerContext) {
        do {
            try handler(request, responder)
        } catch {
            responder.respond(context.respond(to: request) { _ in throw error })
        }
    }

    /// Serializes the response and starts sending it.
    private func complete(_ connection: Connection, with response: HTTPResponse) {
        guard case .handling = connection.phase else { return }
        context.requests.add(1, ordering: .relaxed)
        switch response.delivery {
        case .whole:
            break
        case .resetConnection:
            return close(connection, reset: true)
        case .truncated(let afterBytes):
            var whole: [UInt8] = []
            serializer.serialize(response, keepAlive: false, version: connection.version, headOnly: connection.headOnly, into: &whole)
            connection.output += whole.prefix(max(0, afterBytes))
            connection.closeAfterWrite = true
            connection.phase = .waiting
            return flush(connection)
        }
        let keepAlive = connection.keepAlive && !connection.peerClosedInput && drainDeadline == nil
        serializer.serialize(response, keepAlive: keepAlive, version: connection.version, headOnly: connection.headOnly,
                             into: &connection.output)
        connection.requestsServed += 1
        connection.closeAfterWrite = !keepAlive
        connection.phase = .waiting
        flush(connection)
    }

    /// Answers a request the parser refused, then closes: its framing can no longer be trusted.
    private func reject(_ connection: Connection, _ error: HTTPParseError) {
        context.rejected.add(1, ordering: .relaxed)
        context.log("rejected \(connection.remoteAddress): \(error.status.code) \(error.reason)")
        connection.phase = .handling
        connection.keepAlive = false
        connection.lingerOnClose = true
        complete(connection, with: HTTPError(error.status, error.reason).response)
    }

    private func flush(_ connection: Connection) {
        while connection.hasPendingOutput {
            let result = connection.output.withUnsafeBytes {
                Sockets.send(connection.descriptor, UnsafeRawBufferPointer(rebasing: $0[connection.outputOffset...]))
            }
            switch result {
            case .wrote(let count):
                connection.outputOffset += count
            case .wouldBlock:
                setInterest(connection, cepoll_out)
                setDeadline(connection, .write, after: context.limits.writeTimeout)
                return
            case .failed:
                close(connection)  // the client went away (EPIPE, ECONNRESET): MSG_NOSIGNAL made it an error, not a signal
                return
            }
        }
        connection.output.removeAll(keepingCapacity: connection.output.capacity <= 64 * 1024)
        connection.outputOffset = 0
        guard connection.closeAfterWrite || connection.peerClosedInput else { return }
        if connection.lingerOnClose, !connection.peerClosedInput {
            // Close gently: a client still sending its body would otherwise get a reset
            // that can destroy the error response before it reads it.
            Sockets.shutdownWrites(connection.descriptor)
            connection.phase = .lingering
            setInterest(connection, cepoll_in)
            setDeadline(connection, .linger, after: .seconds(2))
        } else {
            close(connection)
        }
    }

    // MARK: Deadlines and closing

    private func setDeadline(_ connection: Connection, _ kind: Connection.DeadlineKind, after duration: Duration) {
        let deadline = Sockets.now() + duration.nanoseconds
        connection.deadline = deadline
        connection.deadlineKind = kind
        nextSweep = min(nextSweep, deadline)
    }

    private func sweep(_ now: UInt64) {
        nextSweep = .max
        if let resumeAt = acceptResumeAt {
            if now >= resumeAt { resumeAccepting() } else { nextSweep = resumeAt }
        }
        for connection in Array(connections.values) {
            guard let deadline = connection.deadline else { continue }
            guard deadline <= now else {
                nextSweep = min(nextSweep, deadline)
                continue
            }
            expire(connection)
        }
    }

    private func expire(_ connection: Connection) {
        switch connection.deadlineKind {
        case .header, .body:
            // A slow client (slowloris): tell it, then let it go.
            context.timedOut.add(1, ordering: .relaxed)
            let what = connection.deadlineKind == .header ? "request head" : "request body"
            reject(connection, HTTPParseError(.requestTimeout, "the \(what) did not arrive in time"))
            if connections[connection.descriptor] === connection, connection.hasPendingOutput { close(connection) }
        case .idle, .write, .linger:
            close(connection)
        }
    }

    private func setInterest(_ connection: Connection, _ events: UInt32) {
        guard connection.interest != events else { return }
        connection.interest = events
        _ = cepoll_modify(epoll, connection.descriptor, events)
    }

    private func close(_ connection: Connection, reset: Bool = false) {
        guard connections.removeValue(forKey: connection.descriptor) != nil else { return }
        if reset { Sockets.reset(connection.descriptor) } else { Sockets.close(connection.descriptor) }  // also leaves the epoll set
        context.closed(from: connection.clientKey)
        let before = context.openConnections.subtract(1, ordering: .relaxed).oldValue
        if before >= context.limits.maxConnections, let acceptor = loops.first {
            if acceptor === self { resumeAccepting() } else { acceptor.post(.resumeAccepting) }
        }
    }

    private func startDraining(until deadline: UInt64) {
        drainDeadline = deadline
        nextSweep = min(nextSweep, deadline)
        if listener >= 0 {
            // Stop accepting: new clients are refused at once instead of queueing unanswered.
            Sockets.close(listener)
            listener = -1
        }
        for connection in Array(connections.values) where connection.isIdle { close(connection) }
    }
}
