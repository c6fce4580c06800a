/// Entry points for `gerbang-fuzz` (libFuzzer) and its corpus's regression tests: each feeds arbitrary
/// bytes to a parser the way the event loop does, in two pieces split where the input's first byte says,
/// so a head or a chunk cut anywhere is exercised too. They return normally for any input; a crash or a
/// hang is the finding.
public enum HTTPFuzzing {
    /// The request-head parser (RFC 9112 §2-3).
    public static func requestHead(_ input: [UInt8]) {
        var parser = RequestHeadParser(limits: ServerLimits())
        let (first, _) = split(input)
        // The loop parses all it has received so far: first the first piece, then the whole.
        for received in [first, input] {
            let result = received.withUnsafeBufferPointer { parser.parse($0) }
            if case .incomplete = result { continue }
            return
        }
    }

    /// The chunked transfer coding's decoder (RFC 9112 §7.1), with its trailers.
    public static func chunkedBody(_ input: [UInt8]) {
        var decoder = ChunkedDecoder(limits: ServerLimits())
        var pending: [UInt8] = []
        let (first, rest) = split(input)
        for piece in [first, rest] {
            pending += piece
            switch pending.withUnsafeBufferPointer({ decoder.decode($0) }) {
            case .needsMore(let consumed): pending.removeFirst(min(consumed, pending.count))
            case .done, .failed: return
            }
        }
    }

    /// The input as the network might deliver it: cut in two where its first byte points.
    static func split(_ input: [UInt8]) -> (first: [UInt8], rest: [UInt8]) {
        guard let first = input.first, input.count > 1 else { return (input, []) }
        let cut = 1 + Int(first) % (input.count - 1)
        return (Array(input[..<cut]), Array(input[cut...]))
    }
}
