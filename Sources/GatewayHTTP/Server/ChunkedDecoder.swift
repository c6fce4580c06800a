/// Decodes a chunked request body as its bytes arrive (RFC 9112 §7.1):
/// `chunk-size [; extensions] CRLF data CRLF … 0 CRLF [trailer fields] CRLF`.
///
/// Extensions are ignored (§7.1.1); trailer fields are read and kept
/// (§7.1.2). Sizes, lines and the decoded total are bounded so a client
/// cannot make the server buffer without limit.
struct ChunkedDecoder {
    enum Result: Equatable {
        /// More bytes are needed; `consumed` of these may be dropped.
        case needsMore(consumed: Int)
        /// The body is complete; the next request starts after `consumed` bytes.
        case done(consumed: Int)
        case failed(HTTPParseError)
    }

    private enum State {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers
        case done
    }

    /// A chunk-size line with its extensions, at most.
    static let maxSizeLineBytes = 1024

    private var state = State.size
    private(set) var body: [UInt8] = []
    private(set) var trailers = HTTPHeaders()
    private var trailerBytes = 0
    let limits: ServerLimits

    init(limits: ServerLimits) {
        self.limits = limits
    }

    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Result {
        var index = 0
        while true {
            switch state {
            case .done:
                return .done(consumed: index)

            case .size:
                guard let lineEnd = lineEnd(bytes, from: index) else {
                    if bytes.count - index > Self.maxSizeLineBytes {
                        return .failed(HTTPParseError(.badRequest, "a chunk-size line is longer than \(Self.maxSizeLineBytes) bytes"))
                    }
                    return .needsMore(consumed: index)
                }
                guard case .success(let size) = lineEnd else { return lineEndFailure(lineEnd) }
                switch Self.chunkSize(bytes[index..<size.start]) {
                case .failure(let error):
                    return .failed(error)
                case .success(let chunkSize):
                    guard body.count + chunkSize <= limits.maxBodyBytes else {
                        return .failed(HTTPParseError(.contentTooLarge, "the chunked body grows past \(limits.maxBodyBytes) bytes"))
                    }
                    index = size.next
                    state = chunkSize == 0 ? .trailers : .data(remaining: chunkSize)
                }

            case .data(let remaining):
                let available = min(remaining, bytes.count - index)
                body.append(contentsOf: bytes[index..<(index + available)])
                index += available
                guard available == remaining else {
                    state = .data(remaining: remaining - available)
                    return .needsMore(consumed: index)
                }
                state = .dataEnd

            case .dataEnd:
                guard bytes.count - index >= 2 else { return .needsMore(consumed: index) }
                guard bytes[index] == .cr, bytes[index + 1] == .lf else {
                    return .failed(HTTPParseError(.badRequest, "chunk data is not followed by CRLF (RFC 9112 §7.1)"))
                }
                index += 2
                state = .size

            case .trailers:
                guard let lineEnd = lineEnd(bytes, from: index) else {
                    if trailerBytes + bytes.count - index > limits.maxHeaderBytes {
                        return .failed(HTTPParseError(.requestHeaderFieldsTooLarge, "the trailer section is larger than \(limits.maxHeaderBytes) bytes"))
                    }
                    return .needsMore(consumed: index)
                }
                guard case .success(let line) = lineEnd else { return lineEndFailure(lineEnd) }
                trailerBytes += line.next - index
                if line.start == index {
                    index = line.next
                    state = .done
                    continue
                }
                switch RequestHeadParser.field(bytes[index..<line.start]) {
                case .failure(let error): return .failed(error)
                case .success(let field): trailers.add(field.name, field.value)
                }
                guard trailers.count <= limits.maxHeaderCount, trailerBytes <= limits.maxHeaderBytes else {
                    return .failed(HTTPParseError(.requestHeaderFieldsTooLarge, "the trailer section is too large"))
                }
                index = line.next
            }
        }
    }

    /// chunk-size = 1*HEXDIG, then optional `BWS ; extension` (§7.1.1), which is ignored.
    static func chunkSize(_ line: UnsafeBufferPointer<UInt8>.SubSequence) -> Swift.Result<Int, HTTPParseError> {
        var size = 0
        var digits = 0
        var index = line.startIndex
        while index < line.endIndex, let value = line[index].hexValue {
            guard digits < 15 else { return .failure(HTTPParseError(.badRequest, "a chunk size has more than 15 hex digits")) }
            size = size * 16 + value
            digits += 1
            index += 1
        }
        guard digits > 0 else { return .failure(HTTPParseError(.badRequest, "a chunk size is not a hexadecimal number (RFC 9112 §7.1)")) }
        while index < line.endIndex, line[index] == .space || line[index] == .tab { index += 1 }
        guard index == line.endIndex || line[index] == UInt8(ascii: ";") else {
            return .failure(HTTPParseError(.badRequest, "a chunk size is followed by something other than an extension (RFC 9112 §7.1.1)"))
        }
        return .success(size)
    }

    private typealias LineEnd = Swift.Result<(start: Int, next: Int), HTTPParseError>

    /// Where the line starting at `index` ends: the CR of its CRLF, and the index after it.
    private func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> LineEnd? {
        var cursor = index
        while cursor < bytes.count {
            if bytes[cursor] == .lf {
                guard cursor > index, bytes[cursor - 1] == .cr else {
                    return .failure(HTTPParseError(.badRequest, "bare LF in a chunked body: lines end with CRLF (RFC 9112 §2.2)"))
                }
                return .success((cursor - 1, cursor + 1))
            }
            cursor += 1
        }
        return nil
    }

    private func lineEndFailure(_ result: LineEnd) -> Result {
        if case .failure(let error) = result { return .failed(error) }
        return .failed(HTTPParseError(.badRequest, "malformed chunked body"))
    }
}
