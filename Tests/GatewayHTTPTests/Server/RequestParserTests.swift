import Testing
@testable import GatewayHTTP

@Suite struct RequestParserTests {
    var limits = ServerLimits()

    func parse(_ text: String) -> RequestHeadParser.Result {
        var parser = RequestHeadParser(limits: limits)
        return Array(text.utf8).withUnsafeBufferPointer { parser.parse($0) }
    }

    func head(_ text: String) throws -> (RequestHead, Int) {
        guard case .complete(let head, let consumed) = parse(text) else {
            throw Failure(description: "not complete: \(parse(text))")
        }
        return (head, consumed)
    }

    func failure(_ text: String) -> HTTPParseError? {
        if case .failed(let error) = parse(text) { return error }
        return nil
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    @Test func aSimpleGetParses() throws {
        let text = "GET /api/cases?sop=izin HTTP/1.1\r\nHost: gerbang\r\nAccept: */*\r\n\r\nNEXT"
        let (head, consumed) = try head(text)
        #expect(head.method == .get)
        #expect(head.target == "/api/cases?sop=izin")
        #expect(head.version == (1, 1))
        #expect(head.headers["host"] == "gerbang")
        #expect(head.framing == .none)
        #expect(consumed == text.utf8.count - "NEXT".utf8.count)
    }

    @Test func anIncompleteHeadAsksForMore() {
        guard case .incomplete = parse("GET / HTTP/1.1\r\nHost: x\r\n") else { Issue.record("expected incomplete"); return }
    }

    @Test func leadingEmptyLinesAreIgnored() throws {
        // RFC 9112 §2.2
        let (head, _) = try head("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(head.target == "/")
    }

    @Test func headerValuesLoseSurroundingWhitespace() throws {
        let (head, _) = try head("GET / HTTP/1.1\r\nHost: x\r\nX-A: \t value with spaces \t\r\n\r\n")
        #expect(head.headers["x-a"] == "value with spaces")
    }

    @Test func anAbsoluteFormTargetKeepsItsPath() throws {
        let (head, _) = try head("GET http://gerbang:8080/status?x=1 HTTP/1.1\r\nHost: gerbang\r\n\r\n")
        #expect(head.target == "/status?x=1")
    }

    @Test func http10NeedsNoHost() throws {
        let (head, _) = try head("GET / HTTP/1.0\r\n\r\n")
        #expect(head.version == (1, 0))
    }

    @Test func contentLengthFramesTheBody() throws {
        let (head, _) = try head("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n")
        #expect(head.framing == .length(12))
    }

    @Test func chunkedFramesTheBodyAndExpectContinueIsSeen() throws {
        let (head, _) = try head("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n")
        #expect(head.framing == .chunked)
        #expect(head.expectsContinue)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\nHost: x\n\n", "bare LF"),
        ("GET / HTTP/1.1\r\nHost: x\n\r\n", "bare LF"),
        ("GET / HTTP/1.1\r\nHost: x\rY: z\r\n\r\n", "bare CR"),
        ("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", "request line"),
        ("GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n", "request line"),
        ("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", "method"),
        ("GET / HTTP/1.1\r\n\r\n", "Host"),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "Host"),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n  b\r\n\r\n", "folding"),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Name : v\r\n\r\n", "whitespace before ':'"),
        ("GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", "no ':'"),
        ("GET / HTTP/1.1\r\nHost: x\r\nX: a\u{01}b\r\n\r\n", "control character"),
        ("GET relative HTTP/1.1\r\nHost: x\r\n\r\n", "start with '/'"),
        ("GET / HTPT/1.1\r\nHost: x\r\n\r\n", "HTTP version"),
    ])
    func malformedHeadsAreRefusedWith400(text: String, reason: String) {
        let error = failure(text)
        #expect(error?.status == .badRequest)
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func http2IsNotServed() {
        #expect(failure("GET / HTTP/2.0\r\nHost: x\r\n\r\n")?.status == .httpVersionNotSupported)
    }

    @Test(arguments: [
        ("Content-Length: 5\r\nTransfer-Encoding: chunked", HTTPStatus.badRequest, "together"),
        ("Content-Length: 5\r\nContent-Length: 5", .badRequest, "more than one Content-Length"),
        ("Content-Length: 5\r\nContent-Length: 6", .badRequest, "more than one Content-Length"),
        ("Content-Length: 5, 5", .badRequest, "more than one Content-Length"),
        ("Content-Length: -5", .badRequest, "not a number"),
        ("Content-Length: 5 ", .badRequest, ""),
        ("Content-Length: +5", .badRequest, "not a number"),
        ("Transfer-Encoding: gzip", .badRequest, "final transfer coding is not chunked"),
        ("Transfer-Encoding: chunked, gzip", .badRequest, "final transfer coding is not chunked"),
        ("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", .badRequest, "more than once"),
        ("Transfer-Encoding: gzip, chunked", .notImplemented, "not supported"),
    ])
    func ambiguousFramingIsRefused(fields: String, status: HTTPStatus, reason: String) {
        let error = failure("POST / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n\r\n")
        if fields == "Content-Length: 5 " {
            // Trailing whitespace is OWS and trimmed (RFC 9110 §5.5): this one is valid.
            #expect(error == nil)
            return
        }
        #expect(error?.status == status, "\(String(describing: error))")
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func transferEncodingInHTTP10IsRefused() {
        #expect(failure("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n")?.reason.contains("HTTP/1.0") == true)
    }

    @Test mutating func aBodyOverTheLimitIsRefusedFromItsContentLength() {
        limits.maxBodyBytes = 100
        #expect(failure("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n")?.status == .contentTooLarge)
    }

    @Test mutating func aLongRequestLineIsRefusedBeforeItEnds() {
        limits.maxRequestLineBytes = 64
        #expect(failure("GET /" + String(repeating: "a", count: 100))?.status == .uriTooLong)
        #expect(failure("GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\nHost: x\r\n\r\n")?.status == .uriTooLong)
    }

    @Test mutating func aLargeHeadIsRefusedBeforeItEnds() {
        limits.maxHeaderBytes = 256
        let flood = "GET / HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-Flood: aaaaaaaaaa\r\n", count: 20)
        #expect(failure(flood)?.status == .requestHeaderFieldsTooLarge)
    }

    @Test mutating func tooManyHeaderFieldsAreRefused() {
        limits.maxHeaderCount = 10
        let many = "GET / HTTP/1.1\r\nHost: x\r\n" + (1...10).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        #expect(failure(many)?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func aHeadArrivingByteByByteParsesOnce() {
        var parser = RequestHeadParser(limits: limits)
        let bytes = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        var completions = 0
        for end in 1...bytes.count {
            let result = Array(bytes[0..<end]).withUnsafeBufferPointer { parser.parse($0) }
            switch result {
            case .complete: completions += 1
            case .failed(let error): Issue.record("failed at byte \(end): \(error)")
            case .incomplete: break
            }
        }
        #expect(completions == 1)
    }
}

@Suite struct ChunkedDecoderTests {
    func decode(_ text: String, limits: ServerLimits = ServerLimits()) -> (ChunkedDecoder.Result, ChunkedDecoder) {
        var decoder = ChunkedDecoder(limits: limits)
        let result = Array(text.utf8).withUnsafeBufferPointer { decoder.decode($0) }
        return (result, decoder)
    }

    @Test func chunksJoinAndExtensionsAreIgnoredAndTrailersKept() {
        let text = "4;name=value\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Checksum: 42\r\n\r\nNEXT"
        let (result, decoder) = decode(text)
        #expect(result == .done(consumed: text.utf8.count - "NEXT".utf8.count))
        #expect(String(decoding: decoder.body, as: UTF8.self) == "Wikipedia")
        #expect(decoder.trailers["x-checksum"] == "42")
    }

    @Test func aBodyArrivingInPiecesDecodesTheSame() {
        let text = Array("A\r\n0123456789\r\n3\r\nabc\r\n0\r\n\r\n".utf8)
        var decoder = ChunkedDecoder(limits: ServerLimits())
        var pending: [UInt8] = []
        var finished = false
        for byte in text {
            pending.append(byte)
            switch pending.withUnsafeBufferPointer({ decoder.decode($0) }) {
            case .needsMore(let consumed): pending.removeFirst(consumed)
            case .done: finished = true
            case .failed(let error): Issue.record("\(error)")
            }
        }
        #expect(finished)
        #expect(String(decoding: decoder.body, as: UTF8.self) == "0123456789abc")
    }

    @Test(arguments: ["z\r\n", "\r\n", "5 x\r\nhello\r\n0\r\n\r\n", "5\nhello\r\n0\r\n\r\n", "5\r\nhelloXX0\r\n\r\n", "FFFFFFFFFFFFFFFFFF\r\n"])
    func malformedChunksAreRefusedWith400(text: String) {
        let (result, _) = decode(text)
        guard case .failed(let error) = result else { Issue.record("\(result)"); return }
        #expect(error.status == .badRequest)
    }

    @Test func aChunkedBodyOverTheLimitIsRefused() {
        var limits = ServerLimits()
        limits.maxBodyBytes = 8
        let (result, _) = decode("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", limits: limits)
        guard case .failed(let error) = result else { Issue.record("\(result)"); return }
        #expect(error.status == .contentTooLarge)
    }
}
