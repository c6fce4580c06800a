/// One client connection's state, owned by one event loop and touched only
/// on its thread. The loop does the I/O; this holds what it needs to resume.
final class Connection {
    /// Where the connection is in the request/response cycle.
    enum Phase {
        /// Between requests: no byte of the next one has arrived.
        case waiting
        /// Some bytes of a request head have arrived.
        case readingHead
        case readingBody(RequestHead, BodyProgress)
        /// A handler is working on the request; nothing more is read until its response is sent.
        case handling
        /// The response that ends the connection is sent; the rest of what the client sends is read and dropped.
        case lingering
    }

    enum BodyProgress {
        case length(Int)
        case chunked(ChunkedDecoder)
    }

    /// What the current deadline guards against.
    enum DeadlineKind {
        case idle, header, body, write, linger
    }

    let descriptor: Int32
    /// Unique for the server's lifetime: descriptors are reused after close, ids are not.
    let id: UInt64
    let remoteAddress: String
    /// Who the client is for the per-client connection cap (``NetworkAddress/clientKey(_:)``).
    let clientKey: String
    var phase = Phase.waiting
    /// Received bytes not yet parsed.
    var input: [UInt8] = []
    var parser: RequestHeadParser
    /// Serialized response bytes not yet sent, from `outputOffset`.
    var output: [UInt8] = []
    var outputOffset = 0
    /// The epoll events currently asked for.
    var interest: UInt32 = 0
    var deadline: UInt64?
    var deadlineKind = DeadlineKind.idle

    // The request being answered.
    var keepAlive = true
    var version = (major: 1, minor: 1)
    var headOnly = false

    /// Close once `output` is sent; `lingerOnClose` reads and drops the client's leftovers first.
    var closeAfterWrite = false
    var lingerOnClose = false
    var peerClosedInput = false
    var discardedBytes = 0
    var requestsServed = 0

    init(descriptor: Int32, id: UInt64, remoteAddress: String, limits: ServerLimits) {
        self.descriptor = descriptor
        self.id = id
        self.remoteAddress = remoteAddress
        self.clientKey = NetworkAddress.clientKey(NetworkAddress.host(ofPeer: remoteAddress))
        self.parser = RequestHeadParser(limits: limits)
    }

    var hasPendingOutput: Bool { outputOffset < output.count }

    var isIdle: Bool {
        if case .waiting = phase { return input.isEmpty && !hasPendingOutput }
        return false
    }
}
