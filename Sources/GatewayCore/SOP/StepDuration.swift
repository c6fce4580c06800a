import Foundation

/// A step's time standard (the "waktu" column of an SOP's mutu baku), kept
/// with the seed's own words.
///
/// The seeds write "60 menit", "10 Menit", "1 jam", "2 hari", "6 Hari". Minutes
/// and hours are working time (office hours only); days are working days. The
/// distinction matters: "1 Hari" started on a Friday ends on Monday, not on
/// Saturday.
public struct StepDuration: Sendable, Hashable {
    public enum Unit: String, Sendable, Codable, CaseIterable {
        case minutes, hours, workingDays
    }

    public let value: Int
    public let unit: Unit
    /// The text as the SOP writes it, for display next to the parsed value.
    public let text: String

    public init(value: Int, unit: Unit, text: String? = nil) {
        self.value = value
        self.unit = unit
        self.text = text ?? "\(value) \(unit.indonesianWord)"
    }

    /// Parses one amount and unit: "60 menit", "1 Jam", "2 hari".
    public init(parsing text: String) throws(DurationParseError) {
        let parts = try DurationText.components(of: text)
        guard parts.count == 1, let (value, unit) = parts.first else {
            throw DurationParseError(text: text, reason: "a step's time standard is one amount and one unit, such as '60 menit'")
        }
        self.init(value: value, unit: unit, text: text)
    }

    /// Working minutes for minutes and hours; nil for working days, whose
    /// length depends on the calendar.
    public var workingMinutes: Int? {
        switch unit {
        case .minutes: value
        case .hours: value * 60
        case .workingDays: nil
        }
    }

    /// Parses a total such as "19 Jam 40 Menit" into working minutes.
    /// Days are refused: a total in days cannot be compared with minutes.
    public static func totalMinutes(parsing text: String) throws(DurationParseError) -> Int {
        var total = 0
        for (value, unit) in try DurationText.components(of: text) {
            guard let minutes = StepDuration(value: value, unit: unit).workingMinutes else {
                throw DurationParseError(text: text, reason: "a total is written in 'jam' and 'menit' only")
            }
            total += minutes
        }
        return total
    }
}

extension StepDuration.Unit {
    var indonesianWord: String {
        switch self {
        case .minutes: "menit"
        case .hours: "jam"
        case .workingDays: "hari"
        }
    }
}

/// Definition files write a duration as the SOP's own words ("60 menit"),
/// parsed here so a bad value is reported with its place in the file. It is
/// written out as `{"value": 60, "unit": "minutes", "text": "60 menit"}`, so
/// readers need no Indonesian; that form decodes too.
extension StepDuration: Codable {
    private enum Keys: String, CodingKey {
        case value, unit, text
    }

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            do {
                try self.init(parsing: text)
            } catch {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
            }
        } else {
            let c = try decoder.container(keyedBy: Keys.self)
            self.init(value: try c.decode(Int.self, forKey: .value), unit: try c.decode(Unit.self, forKey: .unit),
                      text: try c.decodeIfPresent(String.self, forKey: .text))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(value, forKey: .value)
        try c.encode(unit, forKey: .unit)
        try c.encode(text, forKey: .text)
    }
}

/// A duration text that does not read as "N menit", "N jam" or "N hari".
public struct DurationParseError: Error, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "cannot read '\(text)' as a duration: \(reason)" }
}

/// The small grammar shared by step durations and totals: pairs of a whole
/// number and an Indonesian unit word, case-insensitive.
enum DurationText {
    static func components(of text: String) throws(DurationParseError) -> [(Int, StepDuration.Unit)] {
        let words = text.lowercased().split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty, words.count.isMultiple(of: 2) else {
            throw DurationParseError(text: text, reason: "write a whole number and a unit: 'N menit', 'N jam' or 'N hari'")
        }
        var result: [(Int, StepDuration.Unit)] = []
        for index in stride(from: 0, to: words.count, by: 2) {
            guard let value = Int(words[index]), value > 0 else {
                throw DurationParseError(text: text, reason: "'\(words[index])' is not a positive whole number")
            }
            guard let unit = unit(named: String(words[index + 1])) else {
                throw DurationParseError(text: text, reason: "'\(words[index + 1])' is not a unit: use 'menit', 'jam' or 'hari'")
            }
            result.append((value, unit))
        }
        return result
    }

    private static func unit(named word: String) -> StepDuration.Unit? {
        switch word {
        case "menit": .minutes
        case "jam": .hours
        case "hari": .workingDays
        default: nil
        }
    }
}
