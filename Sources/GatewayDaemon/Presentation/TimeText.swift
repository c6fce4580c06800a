import Foundation
import GatewayCore

/// How times read in the CLI and in reports: wall-clock time in the agency's
/// zone, and spans of working time.
public enum TimeText {
    /// The zone times are shown in when no calendar is loaded.
    public static let jakarta = TimeZone(identifier: "Asia/Jakarta") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static let hari = ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"]
    private static let bulan = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]

    /// "Sen 21 Des 2026 09:38", for the status page.
    public static func tanggal(_ instant: Date, in zone: TimeZone) -> String {
        let (date, seconds) = LocalDate.of(instant, in: zone)
        let weekday = hari[Weekday.allCases.firstIndex(of: date.weekday) ?? 0]
        return "\(weekday) \(date.day) \(bulan[date.month - 1]) \(date.year) \(twoDigits(seconds / 3600)):\(twoDigits(seconds % 3600 / 60))"
    }

    /// "Mon 21 Dec 09:38"
    public static func wallClock(_ instant: Date, in zone: TimeZone) -> String {
        let (date, seconds) = LocalDate.of(instant, in: zone)
        let weekday = weekdays[Weekday.allCases.firstIndex(of: date.weekday) ?? 0]
        return "\(weekday) \(date.day) \(months[date.month - 1]) \(twoDigits(seconds / 3600)):\(twoDigits(seconds % 3600 / 60))"
    }

    /// "2026-12-21 09:38:05": the full date to the second, for tables an operator reads across a year's end.
    public static func dateTime(_ instant: Date, in zone: TimeZone) -> String {
        let (date, seconds) = LocalDate.of(instant, in: zone)
        return "\(date) \(twoDigits(seconds / 3600)):\(twoDigits(seconds % 3600 / 60)):\(twoDigits(seconds % 60))"
    }

    /// A moment as an operator writes it on a command line: a duration before `now` ("90s", "30m", "2h",
    /// "7d", "2w"), a local date ("2026-12-17", its midnight), a local date and time ("2026-12-17 09:00",
    /// "2026-12-17T09:00:30"), or ISO 8601 with its offset ("2026-12-17T09:00:00+07:00", "…Z"). Nil otherwise.
    public static func moment(_ text: String, now: Date, in zone: TimeZone) -> Date? {
        if let match = text.wholeMatch(of: /(\d+)([smhdw])/), let count = Int(match.1) {
            let unit: Double = switch match.2 {
            case "s": 1
            case "m": 60
            case "h": 3600
            case "d": 86_400
            default: 604_800
            }
            return now.addingTimeInterval(-Double(count) * unit)
        }
        if let date = LocalDate(iso: text) { return date.instant(seconds: 0, in: zone) }
        if let match = text.wholeMatch(of: /(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/), let date = LocalDate(iso: String(match.1)),
           let hours = Int(match.2), let minutes = Int(match.3), hours < 24, minutes < 60 {
            let seconds = match.4.flatMap { Int($0) } ?? 0
            return seconds < 60 ? date.instant(seconds: hours * 3600 + minutes * 60 + seconds, in: zone) : nil
        }
        return try? Date(text, strategy: .iso8601)
    }

    /// "2026-12-21T09:38:00+07:00": ISO 8601 with the calendar zone's offset, for JSON.
    public static func iso(_ instant: Date, in zone: TimeZone) -> String {
        let (date, seconds) = LocalDate.of(instant, in: zone)
        let offset = zone.secondsFromGMT(for: instant)
        let sign = offset < 0 ? "-" : "+"
        let clock = "\(twoDigits(seconds / 3600)):\(twoDigits(seconds % 3600 / 60)):\(twoDigits(seconds % 60))"
        return "\(date)T\(clock)\(sign)\(twoDigits(abs(offset) / 3600)):\(twoDigits(abs(offset) % 3600 / 60))"
    }

    /// "3h 05m", "45m": a span of working time, rounded to the minute.
    public static func span(seconds: Int) -> String {
        let minutes = (abs(seconds) + 30) / 60
        let text = minutes >= 60 ? "\(minutes / 60)h \(twoDigits(minutes % 60))m" : "\(minutes)m"
        return seconds < 0 ? "-\(text)" : text
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
