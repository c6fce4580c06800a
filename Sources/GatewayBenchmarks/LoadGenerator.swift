import CLinux
import Foundation
import GatewayCore
import GatewayStore
import GatewayHTTP
import GatewayDaemon
import Glibc

/// Keeps `connections` keep-alive connections busy with one request each at
/// a time (no pipelining), for `duration`, and measures each request's
/// latency. Built for the server's own benchmark, so it can run in the same
/// process; one epoll thread keeps its own cost low.
public struct LoadGenerator: Sendable {
    public struct Result: Sendable {
        public let requests: Int
        /// Connections that failed or closed.
        public let errors: Int
        /// Responses whose status was not 2xx.
        public let failedResponses: Int
        public let seconds: Double
        /// Each request's latency, counted.
        public let latencies: Latencies
        /// Answers completed in each second of the run, from its start: a sustained run's first and last seconds compared.
        public var perSecond: [Int] = []

        public var requestsPerSecond: Double { Double(requests) / seconds }

        /// Latency at quantile `q` (0.5 = median, 1 the slowest), in milliseconds.
        public func latencyMilliseconds(_ q: Double) -> Double {
            Double(latencies.nanoseconds(atQuantile: q)) / 1e6
        }
    }

    /// Latencies counted in buckets within 1% of each other: memory that stays the same over a run of any length (a
    /// sustained run's resident memory is the gateway's, not a list of a million latencies), quantiles within 1%.
    public struct Latencies: Sendable {
        /// 1 ns apart below 1,024 ns; above, 128 buckets for each power of two (a bucket spans under 1% of its values).
        private var counts = [Int](repeating: 0, count: 1024 + 54 * 128)
        private var slowest: UInt64 = 0
        public private(set) var count = 0

        public init() {}

        private static func bucket(_ nanoseconds: UInt64) -> Int {
            guard nanoseconds >= 1024 else { return Int(nanoseconds) }
            let power = 63 - nanoseconds.leadingZeroBitCount  // 10 or more
            return 1024 + (power - 10) * 128 + Int((nanoseconds >> UInt64(power - 7)) & 127)
        }

        /// The smallest latency a bucket holds.
        private static func lowest(of bucket: Int) -> UInt64 {
            guard bucket >= 1024 else { return UInt64(bucket) }
            let power = (bucket - 1024) / 128 + 10
            return (UInt64(128 + (bucket - 1024) % 128)) << UInt64(power - 7)
        }

        public mutating func add(_ nanoseconds: UInt64) {
            counts[Self.bucket(nanoseconds)] += 1
            slowest = max(slowest, nanoseconds)
            count += 1
        }

        /// The latency at quantile `q`: the lowest of its bucket, or the slowest itself for q = 1.
        public func nanoseconds(atQuantile q: Double) -> UInt64 {
            guard count > 0 else { return 0 }
            guard q < 1 else { return slowest }
            let rank = min(count, max(1, Int((Double(count) * q).rounded(.up))))
            var seen = 0
            for (bucket, counted) in counts.enumerated() where counted > 0 {
                seen += counted
                if seen >= rank { return min(Self.lowest(of: bucket), slowest) }
            }
            return slowest
        }
    }

    public var host = "127.0.0.1"
    public var port: Int
    public var path = "/"
    public var connections = 64
    public var duration: Duration = .seconds(5)
    /// Stop after this many requests in all, however fast they go (nil: only `duration` stops the run).
    public var requestLimit: Int?
    /// The whole request to send as the n-th one (0, 1, 2, …); nil sends `GET path`.
    /// Requests must fit a socket's send buffer (tens of kilobytes).
    public var makeRequest: (@Sendable (Int) -> [UInt8])?

    public init(port: Int, path: String = "/", connections: Int = 64, duration: Duration = .seconds(5)) {
        self.port = port
        self.path = path
        self.connections = connections
        self.duration = duration
    }

    public func run() throws(SocketError) -> Result {
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\n\r\n".utf8)
        let epoll = cepoll_create()
        guard epoll >= 0 else { throw SocketError("epoll_create1") }
        defer { Sockets.close(epoll) }
        // Connections by descriptor number (small integers), as objects so a read appends in place.
        var states: [ConnectionState?] = []
        var opened: [Int32] = []
        defer { for descriptor in opened { Sockets.close(descriptor) } }
        for _ in 0..<connections {
            let descriptor = try Sockets.connect(host: host, port: port)
            opened.append(descriptor)
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            if states.count <= Int(descriptor) { states += [ConnectionState?](repeating: nil, count: Int(descriptor) + 1 - states.count) }
            states[Int(descriptor)] = ConnectionState(descriptor: descriptor)
            _ = cepoll_add(epoll, descriptor, cepoll_in)
        }

        var latencies = Latencies()
        var perSecond: [Int] = []
        var errors = 0
        var failedResponses = 0
        var sent = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        let started = Sockets.now()
        let stopAt = started + duration.nanoseconds

        func send(_ state: ConnectionState) {
            state.sentAt = Sockets.now()
            state.received.removeAll(keepingCapacity: true)
            let bytes = makeRequest?(sent) ?? request
            sent += 1
            // A request that fits the socket buffer goes in one send.
            if case .wrote(let count) = bytes.withUnsafeBytes({ Sockets.send(state.descriptor, $0) }), count == bytes.count {} else { errors += 1 }
        }
        var open = opened.count
        for case let state? in states {
            if sent < requestLimit ?? .max { send(state) } else { state.finished = true; open -= 1 }
        }

        var descriptors = [Int32](repeating: 0, count: 256)
        var events = [UInt32](repeating: 0, count: 256)
        while open > 0 {
            let count = cepoll_wait(epoll, &descriptors, &events, 256, 100)
            if count < 0 { if errno == EINTR { continue }; break }
            let now = Sockets.now()
            for slot in 0..<Int(count) {
                guard let state = states[Int(descriptors[slot])], !state.finished else { continue }
                switch Sockets.read(state.descriptor, into: buffer) {
                case .bytes(let read):
                    state.received.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<read]))
                    guard state.responseComplete else { continue }
                    latencies.add(now - state.sentAt)
                    let second = Int((now - started) / 1_000_000_000)
                    if second >= perSecond.count { perSecond += [Int](repeating: 0, count: second + 1 - perSecond.count) }
                    perSecond[second] += 1
                    if !state.succeeded { failedResponses += 1 }
                    if now < stopAt, sent < requestLimit ?? .max {
                        send(state)
                    } else {
                        state.finished = true
                        open -= 1
                    }
                case .wouldBlock:
                    break
                case .endOfStream, .failed:
                    errors += 1
                    state.finished = true
                    open -= 1
                }
            }
            if now > stopAt + 5_000_000_000 { break }  // stops by itself even if the server stops answering
        }
        let seconds = Double(Sockets.now() - started) / 1e9
        var result = Result(requests: latencies.count, errors: errors, failedResponses: failedResponses, seconds: seconds,
                            latencies: latencies)
        result.perSecond = perSecond
        return result
    }

    /// Connects, makes one request, reads its answer and returns the still-open
    /// connection's descriptor: an idle keep-alive connection, for memory measurements.
    public func openIdleConnection() throws(SocketError) -> Int32 {
        let descriptor = try Sockets.connect(host: host, port: port)
        let state = ConnectionState(descriptor: descriptor)
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { Sockets.send(descriptor, $0) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !state.responseComplete {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                Sockets.close(descriptor)
                throw SocketError("read the answer on an idle connection", code: count == 0 ? ECONNRESET : errno)
            }
            state.received += buffer[0..<count]
        }
        return descriptor
    }

    private final class ConnectionState {
        let descriptor: Int32
        var received: [UInt8] = []
        var sentAt: UInt64 = 0
        var finished = false

        init(descriptor: Int32) {
            self.descriptor = descriptor
            received.reserveCapacity(512)
        }

        private static let lengthField = Array("Content-Length: ".utf8)

        /// Whether the status line says 2xx ("HTTP/1.1 2").
        var succeeded: Bool {
            received.count > 9 && received[9] == UInt8(ascii: "2")
        }

        /// A whole response: the head and as many body bytes as its Content-Length says.
        var responseComplete: Bool {
            received.withUnsafeBufferPointer { bytes in
                var index = 3
                while index < bytes.count {
                    if bytes[index] == .lf, bytes[index - 1] == .cr, bytes[index - 2] == .lf, bytes[index - 3] == .cr { break }
                    index += 1
                }
                guard index < bytes.count else { return false }
                var length = 0
                let field = Self.lengthField
                var cursor = 0
                while cursor + field.count <= index {
                    if bytes[cursor] == field[0], (0..<field.count).allSatisfy({ bytes[cursor + $0] == field[$0] }) {
                        var digit = cursor + field.count
                        while let value = bytes[digit].digitValue { length = length * 10 + value; digit += 1 }
                        break
                    }
                    cursor += 1
                }
                return bytes.count >= index + 1 + length
            }
        }
    }
}
