import CLinux
import Glibc

/// A failed socket call, with the errno captured where it failed.
public struct SocketError: Error, Sendable, Equatable, CustomStringConvertible {
    public let operation: String
    public let code: Int32

    package init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
    }

    public var description: String {
        "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}

/// The POSIX calls the server and its load generator make, in one place:
/// every descriptor CLOEXEC and non-blocking, EINTR retried, EAGAIN reported
/// as "would block", writes with MSG_NOSIGNAL so a vanished peer is an error,
/// not a SIGPIPE.
package enum Sockets {
    package enum ReadResult: Equatable {
        case bytes(Int)
        case endOfStream
        case wouldBlock
        case failed(Int32)
    }

    package enum WriteResult: Equatable {
        case wrote(Int)
        case wouldBlock
        case failed(Int32)
    }

    package enum AcceptResult: Equatable {
        case accepted(Int32, address: String)
        case wouldBlock
        case failed(Int32)
    }

    /// A process that writes to sockets ignores SIGPIPE; MSG_NOSIGNAL covers our
    /// own sends, this covers any other write (libcurl sets its own guard).
    package static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// A listening socket on a numeric address ("127.0.0.1", "::1", "0.0.0.0"); port 0 picks a free one.
    package static func listen(host: String, port: Int, backlog: Int32) throws(SocketError) -> (descriptor: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE | AI_NUMERICSERV
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &found)
        guard status == 0, let info = found else {
            throw SocketError("resolve '\(host)' (a numeric address is required)", code: EINVAL)
        }
        defer { freeaddrinfo(found) }
        let descriptor = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError("socket") }
        var on: Int32 = 1
        // SO_REUSEADDR before bind: a restart binds again while old connections sit in TIME_WAIT.
        guard setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            let error = SocketError("setsockopt SO_REUSEADDR")
            close(descriptor)
            throw error
        }
        guard bind(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let error = SocketError("bind \(host):\(port)")
            close(descriptor)
            throw error
        }
        guard Glibc.listen(descriptor, backlog) == 0 else {
            let error = SocketError("listen")
            close(descriptor)
            throw error
        }
        return (descriptor, localPort(descriptor))
    }

    package static func accept(_ listener: Int32) -> AcceptResult {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let descriptor = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    clinux_accept4(listener, $0, &length, Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue))
                }
            }
            if descriptor >= 0 { return .accepted(descriptor, address: describe(&address)) }
            switch errno {
            case EINTR, ECONNABORTED: continue  // interrupted, or the peer gave up while queued: try the next
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    package static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> ReadResult {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .endOfStream }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    package static func send(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> WriteResult {
        while true {
            let count = Glibc.send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return .wrote(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    package static func close(_ descriptor: Int32) {
        // Not retried on EINTR: on Linux the descriptor is released either way.
        _ = Glibc.close(descriptor)
    }

    /// Closes with a reset (RST) rather than a FIN: SO_LINGER on with a zero timeout.
    package static func reset(_ descriptor: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(descriptor)
    }

    /// Stops sending (a FIN) but keeps reading: the peer sees the response before the close.
    package static func shutdownWrites(_ descriptor: Int32) {
        _ = Glibc.shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Small responses go out at once instead of waiting for Nagle's algorithm.
    package static func setNoDelay(_ descriptor: Int32) {
        var on: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    package static func localPort(_ descriptor: Int32) -> Int {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return port(of: &address)
    }

    /// "127.0.0.1:51234" or "[::1]:51234".
    package static func describe(_ address: inout sockaddr_storage) -> String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = Int32(address.ss_family)
        withUnsafePointer(to: &address) { pointer in
            if family == AF_INET {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                    var raw = v4.pointee.sin_addr
                    _ = inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
                }
            } else if family == AF_INET6 {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                    var raw = v6.pointee.sin6_addr
                    _ = inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
                }
            }
        }
        let host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return family == AF_INET6 ? "[\(host)]:\(port(of: &address))" : "\(host):\(port(of: &address))"
    }

    private static func port(of address: inout sockaddr_storage) -> Int {
        withUnsafePointer(to: &address) { pointer in
            Int(UInt16(bigEndian: pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port }))
        }
    }

    /// A blocking connection to a numeric address, for clients of our own (the load generator, tests).
    /// - Parameter source: a local address to connect from (a test's second client on 127.0.0.2, say); nil for the system's choice.
    package static func connect(host: String, port: Int, from source: String? = nil) throws(SocketError) -> Int32 {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let info = found else {
            throw SocketError("resolve '\(host)'", code: EINVAL)
        }
        defer { freeaddrinfo(found) }
        let descriptor = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError("socket") }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            guard inet_pton(AF_INET, source, &local.sin_addr) == 1,
                  withUnsafePointer(to: &local, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                      Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }) == 0
            else {
                let error = SocketError("bind \(source)")
                close(descriptor)
                throw error
            }
        }
        while Glibc.connect(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
            guard errno == EINTR else {
                let error = SocketError("connect \(host):\(port)")
                close(descriptor)
                throw error
            }
        }
        setNoDelay(descriptor)
        return descriptor
    }

    /// Monotonic nanoseconds: deadlines must not move when the wall clock does.
    package static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

extension Duration {
    package var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}
