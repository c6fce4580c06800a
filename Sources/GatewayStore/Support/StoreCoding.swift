import Foundation

/// How stores write values as JSON: instants as milliseconds, keys sorted so
/// equal values give equal text. Written by ``TreeEncoder`` (the same text as
/// JSONEncoder with these settings, faster), read by JSONDecoder.
enum StoreCoding {
    /// The JSONEncoder whose output ``TreeEncoder`` reproduces (kept for the tests that compare them).
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }

    static func text(_ value: some Encodable) throws -> String {
        try TreeEncoder.text(value)
    }
}
