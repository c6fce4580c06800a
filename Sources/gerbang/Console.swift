import Foundation

/// Where a command writes: results to standard output, errors to standard error.
struct Console {
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func out(_ line: String = "") {
        print(line)
    }

    func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func json(_ value: some Encodable) throws {
        out(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
