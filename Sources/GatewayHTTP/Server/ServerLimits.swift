/// What the server accepts and for how long it waits. Every limit answers a
/// way a client can hold resources: a long line, many headers, a large body,
/// a slow trickle, an idle connection, too many connections.
public struct ServerLimits: Sendable {
    /// The request line (method, target, version): past it, 414.
    public var maxRequestLineBytes = 8 * 1024
    /// The whole head, request line and header fields: past it, 431.
    public var maxHeaderBytes = 32 * 1024
    /// Header fields in one request (and trailer fields after a chunked body): past it, 431.
    public var maxHeaderCount = 100
    /// A request body: past it, 413, answered before the body is read when Content-Length says so.
    public var maxBodyBytes = 1024 * 1024
    /// From the first byte of a request until its head is complete: past it, 408 and close.
    public var headerTimeout: Duration = .seconds(10)
    /// From the end of the head until the body is complete: past it, 408 and close.
    public var bodyTimeout: Duration = .seconds(30)
    /// A connection with no request under way is closed after this long.
    public var idleTimeout: Duration = .seconds(60)
    /// A client that does not read its response is cut off after this long.
    public var writeTimeout: Duration = .seconds(30)
    /// Open connections at most; further ones wait in the listen backlog until one closes.
    public var maxConnections = 1024
    /// Open connections from one client (``NetworkAddress/clientKey(_:)``) at most: past it a new one is closed at
    /// once, so one address cannot take the server's `maxConnections` from everybody else. The addresses in
    /// `unlimitedClients` (a reverse proxy that gathers many clients' connections) have no such cap.
    public var maxConnectionsPerClient = 128
    public var unlimitedClients: [String] = []
    /// A body larger than this is handed to a handler off the event loops, on the large-body pool, so reading it
    /// (a signature over it, a scan, a parse) never holds up the loop's other connections.
    public var inlineBodyBytes = 64 * 1024
    /// Threads reading large bodies, and large bodies read or waiting at most; past it, 503 with Retry-After.
    public var largeBodyWorkers = 1
    public var largeBodiesQueued = 16

    public init() {}
}
