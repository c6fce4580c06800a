import Foundation

/// A span of office hours within one day, in seconds after local midnight.
public struct WorkInterval: Sendable, Hashable, CustomStringConvertible {
    public let start: Int
    public let end: Int

    public init?(start: Int, end: Int) {
        guard 0 <= start, start < end, end <= 86_400 else { return nil }
        self.start = start
        self.end = end
    }

    /// Parses "07:30-12:00".
    public init?(text: String) {
        let ends = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard ends.count == 2, let start = Self.seconds(ends[0]), let end = Self.seconds(ends[1]) else { return nil }
        self.init(start: start, end: end)
    }

    public var seconds: Int { end - start }

    public var description: String { "\(Self.clock(start))-\(Self.clock(end))" }

    private static func seconds(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m),
              h * 60 + m <= 24 * 60 else { return nil }
        return (h * 60 + m) * 60
    }

    private static func clock(_ seconds: Int) -> String {
        let h = seconds / 3600, m = seconds % 3600 / 60
        return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
    }
}
