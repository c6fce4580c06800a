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
