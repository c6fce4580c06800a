/// A day the office is closed although it is a weekday: a national holiday
/// (hari libur nasional) or a collective leave day (cuti bersama), both set
/// each year by a joint decree (SKB) of the Ministers of Religious Affairs,
/// Manpower and PANRB; or a local holiday the region's head declares.
public struct Holiday: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case national
        case cutiBersama
        /// A holiday of the region only (libur daerah: a regional anniversary, by Perkada or the Kepala Daerah's decision).
        case local
    }

    public let date: LocalDate
    public let name: String
    public let kind: Kind

    public init(date: LocalDate, name: String, kind: Kind) {
        self.date = date
        self.name = name
        self.kind = kind
    }
}

extension LocalDate: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a date: write YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
