import Foundation
import Glibc

/// Where a command writes: results to standard output, errors to standard error; colour for
/// FAILED, WARNING and late steps only on a terminal, and never with NO_COLOR set (https://no-color.org).
struct Console {
    /// SGR colours (ECMA-48 §8.3.117): what an operator's eye should find first.
    enum Colour: String {
        case red = "31", yellow = "33"
    }

    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Whether standard output takes colour.
    let coloured: Bool

    init(coloured: Bool = Console.terminalTakesColour(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(STDOUT_FILENO) == 1)) {
        self.coloured = coloured
    }

    /// On a terminal, unless NO_COLOR is set (to anything) or the terminal is "dumb".
    static func terminalTakesColour(environment: [String: String], isTerminal: Bool) -> Bool {
        isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    func out(_ line: String = "") {
        print(line)
    }

    func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func json(_ value: some Encodable) throws {
        out(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// A line with each of `marks` painted where it occurs, after the table was laid out (colour codes
    /// take no columns on screen, so they go in last); the line as it is without colour.
    func painted(_ line: String, _ marks: [(text: String, colour: Colour)]) -> String {
        guard coloured else { return line }
        var result = line
        for (text, colour) in marks where result.contains(text) {
            result = result.replacingOccurrences(of: text, with: "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m")
        }
        return result
    }
}
