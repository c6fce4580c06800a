/// A request head: what the parser found before the body.
struct RequestHead {
    let method: HTTPMethod
    let target: String
    let version: (major: Int, minor: Int)
    let headers: HTTPHeaders
    let framing: BodyFraming
    /// "Expect: 100-continue" on an HTTP/1.1 request with a body (RFC 9110 §10.1.1).
    let expectsContinue: Bool
}

/// How the body's end is found (RFC 9112 §6.3).
enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked
}

/// A request the server refuses, with the status to answer and why. The
/// connection is closed after the answer: its framing can no longer be trusted.
struct HTTPParseError: Error, Equatable {
    let status: HTTPStatus
    let reason: String

    init(_ status: HTTPStatus, _ reason: String) {
        self.status = status
        self.reason = reason
    }
}

/// Parses a request head from the bytes received so far. Pure: no I/O, no
/// clock; the connection calls it again when more bytes arrive.
struct RequestHeadParser {
    enum Result {
        case incomplete
        /// The head and the number of bytes it took, including leading empty lines.
        case complete(RequestHead, consumed: Int)
        case failed(HTTPParseError)
    }

    let limits: ServerLimits
    /// How far earlier calls have scanned, so a head arriving a byte at a time is not rescanned.
    private(set) var scanned = 0

    init(limits: ServerLimits) {
        self.limits = limits
    }

    mutating func reset() {
        scanned = 0
    }

    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line (CRLF) before the request-line.
        var start = 0
        while start + 1 < bytes.count, bytes[start] == .cr, bytes[start + 1] == .lf { start += 2 }

        var index = max(scanned, start)
        var headEnd: Int?
        var firstLineEnd: Int?
        while index < bytes.count {
            let byte = bytes[index]
            if byte == .lf {
                // RFC 9112 §2.2: a bare LF may be read as a line end, but a lenient
                // reading is how requests get smuggled past a stricter proxy: refused.
                guard index > start, bytes[index - 1] == .cr else {
                    return .failed(HTTPParseError(.badRequest, "bare LF in the request head: lines end with CRLF (RFC 9112 §2.2)"))
                }
                if firstLineEnd == nil { firstLineEnd = index - 1 }
                if index - 3 >= start, bytes[index - 2] == .lf, bytes[index - 3] == .cr {
                    headEnd = index + 1
                    break
                }
            } else if byte == .cr, index + 1 < bytes.count, bytes[index + 1] != .lf {
                return .failed(HTTPParseError(.badRequest, "bare CR in the request head (RFC 9112 §2.2)"))
            }
            index += 1
        }
        guard let headEnd else {
            scanned = max(start, bytes.count - 1)  // recheck a CR that may be the last byte
            let firstLine = firstLineEnd ?? Self.lineEnd(bytes, from: start)
            if firstLine == nil, bytes.count - start > limits.maxRequestLineBytes {
                return .failed(HTTPParseError(.uriTooLong, "the request line is longer than \(limits.maxRequestLineBytes) bytes (RFC 9112 §3)"))
            }
            if bytes.count - start > limits.maxHeaderBytes {
                return .failed(HTTPParseError(.requestHeaderFieldsTooLarge, "the request head is larger than \(limits.maxHeaderBytes) bytes"))
            }
            return .incomplete
        }
        if headEnd - start > limits.maxHeaderBytes {
            return .failed(HTTPParseError(.requestHeaderFieldsTooLarge, "the request head is larger than \(limits.maxHeaderBytes) bytes"))
        }
        switch Self.head(UnsafeBufferPointer(rebasing: bytes[start..<(headEnd - 4)]), limits: limits) {
        case .success(let head): return .complete(head, consumed: headEnd)
        case .failure(let error): return .failed(error)
        }
    }

    private static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < bytes.count, bytes[index] != .lf { index += 1 }
        return index < bytes.count ? index : nil
    }

    /// Parses the lines of a complete head (without its final CRLF CRLF).
    private static func head(_ bytes: UnsafeBufferPointer<UInt8>, limits: ServerLimits) -> Swift.Result<RequestHead, HTTPParseError> {
        var lines = Lines(bytes)
        guard let requestLine = lines.next() else { return .failure(HTTPParseError(.badRequest, "empty request")) }
        guard requestLine.count <= limits.maxRequestLineBytes else {
            return .failure(HTTPParseError(.uriTooLong, "the request line is longer than \(limits.maxRequestLineBytes) bytes (RFC 9112 §3)"))
        }
        // RFC 9112 §3: request-line = method SP request-target SP HTTP-version, single spaces.
        let parts = requestLine.split(separator: .space, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            return .failure(HTTPParseError(.badRequest, "the request line is not 'METHOD target HTTP/1.1' (RFC 9112 §3)"))
        }
        guard parts[0].allSatisfy(\.isTokenCharacter) else {
            return .failure(HTTPParseError(.badRequest, "the method is not a token (RFC 9110 §9.1)"))
        }
        guard parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(HTTPParseError(.badRequest, "the request target has a space or a control character (RFC 9112 §3.2)"))
        }
        let versionText = parts[2]
        guard versionText.count == 8, versionText.starts(with: "HTTP/".utf8), versionText[versionText.startIndex + 6] == UInt8(ascii: "."),
              let major = versionText[versionText.startIndex + 5].digitValue, let minor = versionText[versionText.startIndex + 7].digitValue else {
            return .failure(HTTPParseError(.badRequest, "the HTTP version is not 'HTTP/1.1' or 'HTTP/1.0' (RFC 9112 §2.3)"))
        }
        guard major == 1 else {
            return .failure(HTTPParseError(.httpVersionNotSupported, "only HTTP/1.x is served here"))
        }
        var target = String(decoding: parts[1], as: UTF8.self)
        // RFC 9112 §3.2.2: a server MUST accept the absolute-form; keep its path and query.
        if target.hasPrefix("http://") || target.hasPrefix("https://") {
            let afterScheme = target.drop { $0 != "/" }.dropFirst(2)
            target = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? "/"
        }
        guard target.hasPrefix("/") || target == "*" else {
            return .failure(HTTPParseError(.badRequest, "the request target must start with '/' (RFC 9112 §3.2.1)"))
        }

        var headers = HTTPHeaders()
        while let line = lines.next() {
            switch field(line) {
            case .success(let field): headers.add(field.name, field.value)
            case .failure(let error): return .failure(error)
            }
            if headers.count > limits.maxHeaderCount {
                return .failure(HTTPParseError(.requestHeaderFieldsTooLarge, "more than \(limits.maxHeaderCount) header fields"))
            }
        }
        let version = (major: major, minor: minor)
        if minor >= 1, headers.values("Host").count != 1 {
            // RFC 9112 §3.2: a server MUST respond 400 to an HTTP/1.1 request without exactly one Host.
            return .failure(HTTPParseError(.badRequest, "an HTTP/1.1 request has exactly one Host header (RFC 9112 §3.2)"))
        }
        let framing: BodyFraming
        switch Self.framing(headers, version: version, limits: limits) {
        case .success(let found): framing = found
        case .failure(let error): return .failure(error)
        }
        let expectsContinue = minor >= 1 && framing != .none && headers.hasToken("100-continue", in: "Expect")
        return .success(RequestHead(
            method: HTTPMethod(String(decoding: parts[0], as: UTF8.self)), target: target, version: version,
            headers: headers, framing: framing, expectsContinue: expectsContinue))
    }

    /// One field line: `field-name ":" OWS field-value OWS` (RFC 9112 §5).
    static func field(_ line: UnsafeBufferPointer<UInt8>.SubSequence) -> Swift.Result<(name: String, value: String), HTTPParseError> {
        guard let first = line.first else { return .failure(HTTPParseError(.badRequest, "an empty header line")) }
        guard first != .space, first != .tab else {
            // RFC 9112 §5.2: obs-fold; a server MUST reject it (or replace it, which we do not).
            return .failure(HTTPParseError(.badRequest, "a header line starts with whitespace (obsolete line folding, RFC 9112 §5.2)"))
        }
        guard let colon = line.firstIndex(of: .colon) else {
            return .failure(HTTPParseError(.badRequest, "a header line has no ':' (RFC 9112 §5)"))
        }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(\.isTokenCharacter) else {
            // RFC 9112 §5.1: no whitespace between the field name and the colon; a server MUST reject it.
            return .failure(HTTPParseError(.badRequest, "a header name is not a token, or has whitespace before ':' (RFC 9112 §5.1)"))
        }
        var value = line[(colon + 1)...]
        while let c = value.first, c == .space || c == .tab { value = value.dropFirst() }
        while let c = value.last, c == .space || c == .tab { value = value.dropLast() }
        // RFC 9110 §5.5: field values carry no control characters other than HTAB.
        guard !value.contains(where: { ($0 < 0x20 && $0 != .tab) || $0 == 0x7F }) else {
            return .failure(HTTPParseError(.badRequest, "a header value has a control character (RFC 9110 §5.5)"))
        }
        return .success((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
    }

    /// The body's framing (RFC 9112 §6), refusing every ambiguity a smuggling attempt relies on.
    static func framing(_ headers: HTTPHeaders, version: (major: Int, minor: Int), limits: ServerLimits) -> Swift.Result<BodyFraming, HTTPParseError> {
        let encodings = headers.values("Transfer-Encoding")
        let lengths = headers.values("Content-Length")
        if !encodings.isEmpty {
            guard lengths.isEmpty else {
                // RFC 9112 §6.1: a sender MUST NOT send both; together they are the classic smuggling vector.
                return .failure(HTTPParseError(.badRequest, "Content-Length and Transfer-Encoding together (RFC 9112 §6.1)"))
            }
            guard version.minor >= 1 else {
                // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means the framing is faulty.
                return .failure(HTTPParseError(.badRequest, "Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1)"))
            }
            let codings = encodings.flatMap { $0.split(separator: ",") }.map { $0.trimmingSpaces().lowercased() }
            guard codings.last == "chunked" else {
                // RFC 9112 §6.3: chunked not last means the length cannot be determined: 400.
                return .failure(HTTPParseError(.badRequest, "the final transfer coding is not chunked (RFC 9112 §6.3)"))
            }
            guard codings.count == 1 else {
                // RFC 9112 §6.1: chunked at most once; any other coding is not one we decode (501, RFC 9112 §6.1).
                return codings.filter({ $0 == "chunked" }).count > 1
                    ? .failure(HTTPParseError(.badRequest, "chunked is applied more than once (RFC 9112 §6.1)"))
                    : .failure(HTTPParseError(.notImplemented, "transfer codings other than chunked are not supported"))
            }
            return .success(.chunked)
        }
        guard !lengths.isEmpty else { return .success(.none) }
        guard lengths.count == 1, !lengths[0].contains(",") else {
            // RFC 9112 §6.3 (5): repeated or listed lengths make the framing invalid.
            return .failure(HTTPParseError(.badRequest, "more than one Content-Length (RFC 9112 §6.3)"))
        }
        let text = lengths[0]
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let length = Int(text) else {
            return .failure(HTTPParseError(.badRequest, "Content-Length '\(text)' is not a number of bytes (RFC 9110 §8.6)"))
        }
        guard length <= limits.maxBodyBytes else {
            return .failure(HTTPParseError(.contentTooLarge, "the body of \(length) bytes is larger than \(limits.maxBodyBytes)"))
        }
        return .success(length == 0 ? .none : .length(length))
    }
}

/// Splits a head into its CRLF-separated lines (the parser has already refused bare LF and CR).
struct Lines: IteratorProtocol {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var finished = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func next() -> UnsafeBufferPointer<UInt8>.SubSequence? {
        guard !finished else { return nil }
        var end = position
        while end + 1 < bytes.count, !(bytes[end] == .cr && bytes[end + 1] == .lf) { end += 1 }
        guard end + 1 < bytes.count else {
            finished = true
            return bytes[position..<bytes.count]
        }
        defer { position = end + 2 }
        return bytes[position..<end]
    }
}

extension UInt8 {
    package static let cr = UInt8(ascii: "\r")
    package static let lf = UInt8(ascii: "\n")
    package static let space = UInt8(ascii: " ")
    package static let tab = UInt8(ascii: "\t")
    package static let colon = UInt8(ascii: ":")

    /// tchar (RFC 9110 §5.6.2): letters, digits and !#$%&'*+-.^_`|~
    var isTokenCharacter: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(self)
        }
    }

    package var digitValue: Int? {
        self >= 0x30 && self <= 0x39 ? Int(self - 0x30) : nil
    }

    var hexValue: Int? {
        switch self {
        case 0x30...0x39: Int(self - 0x30)
        case 0x41...0x46: Int(self - 0x41 + 10)
        case 0x61...0x66: Int(self - 0x61 + 10)
        default: nil
        }
    }
}
