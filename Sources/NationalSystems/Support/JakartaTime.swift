import Foundation
import GatewayCore

/// Times as the national systems write them, in Asia/Jakarta (UTC+7, no daylight saving).
public enum JakartaTime {
    public static let zone = TimeZone(identifier: "Asia/Jakarta") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    /// "2026-12-17T09:00:00+07:00", as SIINas and SIPRO write times.
    public static func iso(_ instant: Date) -> String {
        let (date, seconds) = LocalDate.of(instant, in: zone)
        return "\(date)T\(clock(seconds))+07:00"
    }

    /// The instant an ISO 8601 time with its offset names ("2026-12-17T09:05:00+07:00", "…Z", fractional seconds
    /// allowed), or nil for anything else, a time without an offset included: it would be ambiguous.
    public static func instant(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// "2026-12-17 09:00:00", the PIA's tgl_status format.
    public static func ossTimestamp(_ instant: Date) -> String {
        let (date, seconds) = LocalDate.of(instant, in: zone)
        return "\(date) \(clock(seconds))"
    }

    /// "2026-12-17"
    public static func day(_ instant: Date) -> String {
        LocalDate.of(instant, in: zone).date.description
    }

    private static func clock(_ seconds: Int) -> String {
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(pad(seconds / 3600)):\(pad(seconds % 3600 / 60)):\(pad(seconds % 60))"
    }
}
