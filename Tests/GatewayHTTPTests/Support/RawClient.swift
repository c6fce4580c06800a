import Foundation
import Glibc
import GatewayTestSupport
@testable import GatewayHTTP

/// A client that writes exactly the bytes a test gives it, for rules a
/// well-behaved client library would never break.
final class RawClient {
    let descriptor: Int32

    init(port: Int, host: String = "127.0.0.1", from source: String? = nil) throws {
        descriptor = try Sockets.connect(host: host, port: port, from: source)
    }

    deinit {
        Glibc.close(descriptor)
    }

    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw SocketError("send") }
            offset += sent
        }
    }

    /// Reads until `done` says the bytes so far are complete, the peer closes, or `timeout` passes.
    func read(timeout: Duration = Eventually.patience, until done: (String) -> Bool) -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now < deadline {
            let left = deadline - ContinuousClock.now
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            guard poll(&poller, 1, milliseconds) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer[0..<count]
            if done(String(decoding: received, as: UTF8.self)) { return (String(decoding: received, as: UTF8.self), false) }
        }
        return (String(decoding: received, as: UTF8.self), false)
    }

    /// Reads `count` complete responses (head plus Content-Length body).
    func responses(_ count: Int, timeout: Duration = Eventually.patience) -> [RawResponse] {
        let (text, _) = read(timeout: timeout) { RawResponse.parseAll($0).count >= count }
        return RawResponse.parseAll(text)
    }

    func response(timeout: Duration = Eventually.patience) -> RawResponse? {
        responses(1, timeout: timeout).first
    }

    /// Whether the server closes the connection within `timeout` (reading and dropping anything it sends).
    func closedByServer(within timeout: Duration = Eventually.patience) -> Bool {
        read(timeout: timeout) { _ in false }.closed
    }
}

/// A response read off the wire.
struct RawResponse {
    let statusLine: String
    let headers: [(String, String)]
    let body: String

    var status: Int { Int(statusLine.split(separator: " ")[1]) ?? 0 }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// Every complete response in the text, 1xx interim responses included.
    static func parseAll(_ text: String) -> [RawResponse] {
        var responses: [RawResponse] = []
        var rest = Substring(text)
        while let headEnd = rest.range(of: "\r\n\r\n") {
            let lines = rest[..<headEnd.lowerBound].components(separatedBy: "\r\n")
            let headers = lines.dropFirst().compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
            let bodyStart = headEnd.upperBound
            let bodyBytes = Array(rest[bodyStart...].utf8)
            guard bodyBytes.count >= length else { break }
            responses.append(RawResponse(statusLine: lines[0], headers: headers, body: String(decoding: bodyBytes[0..<length], as: UTF8.self)))
            rest = Substring(String(decoding: bodyBytes[length...], as: UTF8.self))
        }
        return responses
    }
}
