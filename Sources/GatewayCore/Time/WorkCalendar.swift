import Foundation

/// Office hours and closed days in one time zone (Asia/Jakarta by default):
/// what turns an SOP's "240 menit" or "2 hari" into a deadline.
///
/// Minutes and hours count working time only, so 240 minutes started at
/// 15:00 on a Thursday run into Friday morning. Days count working days: a
/// step of "1 Hari" started at 10:00 on a Friday before a long weekend is due
/// at 10:00 on the next working day.
public struct WorkCalendar: Sendable, Equatable {
    /// Office hours that hold for a range of dates instead of the usual week (Ramadan hours by the MenPANRB's
    /// circular, a Kepala Dinas's decision): the weekdays it lists take its hours; the others keep theirs.
    public struct HoursException: Sendable, Equatable {
        public let from: LocalDate
        public let to: LocalDate
        public let name: String
        /// Where the hours come from (a circular, a decision), as written.
        public let basis: String?
        public let week: [Weekday: [WorkInterval]]

        public init(from: LocalDate, to: LocalDate, name: String, basis: String? = nil, week: [Weekday: [WorkInterval]]) {
            self.from = from
            self.to = to
            self.name = name
            self.basis = basis
            self.week = week
        }

        public func covers(_ date: LocalDate) -> Bool { from <= date && date <= to }
    }

    public let timeZone: TimeZone
    /// Office hours for each weekday, sorted, not overlapping; empty on days off.
    public let week: [Weekday: [WorkInterval]]
    /// Date ranges with other office hours, in date order, not overlapping.
    public let exceptions: [HoursException]
    public let holidays: [LocalDate: Holiday]
    /// The years whose holidays are listed from the year's SKB. Any other year is
    /// *partial*: only its fixed-date national holidays are known (``fixedHolidays``),
    /// and a deadline falling in it is provisional.
    public let coveredYears: Set<Int>

    /// Builds a calendar; fails when no weekday has office hours, since no
    /// deadline could then be computed.
    public init(timeZone: TimeZone, week: [Weekday: [WorkInterval]], holidays: [Holiday], coveredYears: Set<Int>? = nil,
                exceptions: [HoursException] = []) throws(CalendarError) {
        let sorted = try Self.sorted(week, field: "week")
        guard sorted.values.contains(where: { !$0.isEmpty }) else {
            throw CalendarError(file: nil, field: "week", message: "no weekday has office hours, so no deadline can be computed")
        }
        var checked: [HoursException] = []
        // Named by their place as given (the file's order), checked in date order.
        for (index, exception) in exceptions.enumerated().sorted(by: { $0.element.from < $1.element.from }) {
            guard exception.from <= exception.to else {
                throw CalendarError(file: nil, field: "exceptions[\(index)]", message: "'\(exception.name)' ends (\(exception.to)) before it starts (\(exception.from))")
            }
            if let earlier = checked.last, exception.from <= earlier.to {
                throw CalendarError(file: nil, field: "exceptions[\(index)]",
                                    message: "'\(exception.name)' (\(exception.from) to \(exception.to)) overlaps '\(earlier.name)' (\(earlier.from) to \(earlier.to))")
            }
            checked.append(HoursException(from: exception.from, to: exception.to, name: exception.name, basis: exception.basis,
                                          week: try Self.sorted(exception.week, field: "exceptions[\(index)].week")))
        }
        self.timeZone = timeZone
        self.week = sorted
        self.exceptions = checked
        self.holidays = Dictionary(holidays.map { ($0.date, $0) }, uniquingKeysWith: { first, _ in first })
        self.coveredYears = coveredYears ?? Set(holidays.map(\.date.year))
    }

    /// Each weekday's spans sorted; overlapping spans are refused, named by `field`.
    private static func sorted(_ week: [Weekday: [WorkInterval]], field: String) throws(CalendarError) -> [Weekday: [WorkInterval]] {
        var sorted: [Weekday: [WorkInterval]] = [:]
        for (day, intervals) in week {
            let ordered = intervals.sorted { $0.start < $1.start }
            for (earlier, later) in zip(ordered, ordered.dropFirst()) where later.start < earlier.end {
                throw CalendarError(file: nil, field: "\(field).\(day.rawValue)", message: "office hours \(earlier) and \(later) overlap")
            }
            sorted[day] = ordered
        }
        return sorted
    }

    // MARK: Days

    public func isWorkingDay(_ date: LocalDate) -> Bool {
        holiday(on: date) == nil && !scheduledHours(on: date).isEmpty
    }

    /// The hours `date`'s weekday has on that date (an exception covering it, where it lists the weekday, else the week's),
    /// holidays aside.
    public func scheduledHours(on date: LocalDate) -> [WorkInterval] {
        let exception = exceptions.first { $0.covers(date) }
        return exception?.week[date.weekday] ?? week[date.weekday] ?? []
    }

    /// The holiday on `date`: from the year's SKB list, or, in a partial year, a fixed-date national holiday.
    public func holiday(on date: LocalDate) -> Holiday? {
        if let listed = holidays[date] { return listed }
        guard !coveredYears.contains(date.year) else { return nil }
        return Self.fixedHolidays.first { $0.month == date.month && $0.day == date.day }
            .map { Holiday(date: date, name: $0.name, kind: .national) }
    }

    /// National holidays on the same date every year, in every SKB: New Year, Independence Day and
    /// Christmas (Keppres 24/1953), Labour Day (since Perpres 24/2013) and Pancasila Day (since
    /// Keppres 24/2016). The moving ones (Idul Fitri, Imlek, Nyepi, Waisak, …) and cuti bersama
    /// come only with the year's SKB.
    public static let fixedHolidays: [(month: Int, day: Int, name: String)] = [
        (1, 1, "Tahun Baru Masehi"), (5, 1, "Hari Buruh Internasional"), (6, 1, "Hari Lahir Pancasila"),
        (8, 17, "Proklamasi Kemerdekaan Republik Indonesia"), (12, 25, "Kelahiran Yesus Kristus"),
    ]

    /// Whether `year`'s holidays are all known (its SKB list is in the calendar).
    public func isComplete(year: Int) -> Bool {
        coveredYears.contains(year)
    }

    /// Whether a deadline at `instant` is provisional: its year's SKB list is missing, so a moving
    /// holiday or cuti bersama before it may still shift it when the list arrives.
    public func isProvisional(_ instant: Date) -> Bool {
        !isComplete(year: local(instant).date.year)
    }

    /// Where the known calendar ends, seen from `now`: the first midnight of the first year, from
    /// `now`'s on, without its SKB list (that midnight is in the past when this year's list is missing).
    public func coverageEnds(after now: Date) -> Date {
        var year = local(now).date.year
        while isComplete(year: year) { year += 1 }
        return instant(LocalDate(year: year, month: 1, day: 1)!, seconds: 0)
    }

    public func officeHours(on date: LocalDate) -> [WorkInterval] {
        holiday(on: date) == nil ? scheduledHours(on: date) : []
    }

    // MARK: Converting between instants and local dates

    /// The local date and the seconds after its midnight of an instant.
    public func local(_ instant: Date) -> (date: LocalDate, seconds: Int) {
        LocalDate.of(instant, in: timeZone)
    }

    /// The instant at `seconds` after local midnight of `date`.
    public func instant(_ date: LocalDate, seconds: Int) -> Date {
        date.instant(seconds: seconds, in: timeZone)
    }

    // MARK: Deadlines

    /// When a step with this time standard, started at `start`, is due.
    public func deadline(from start: Date, adding duration: StepDuration) -> Date {
        switch duration.unit {
        case .minutes, .hours:
            return adding(workingSeconds: (duration.workingMinutes ?? 0) * 60, to: start)
        case .workingDays:
            return adding(workingDays: duration.value, to: start)
        }
    }

    /// Moves forward through office hours only. With zero seconds, gives the
    /// first working instant at or after `start`.
    public func adding(workingSeconds: Int, to start: Date) -> Date {
        var remaining = workingSeconds
        var (date, secondsIntoDay) = local(start)
        // Ends: init guarantees a weekday with office hours, and holidays are finite.
        while true {
            for interval in officeHours(on: date) where interval.end > secondsIntoDay {
                let from = max(interval.start, secondsIntoDay)
                if remaining <= interval.end - from {
                    return instant(date, seconds: from + remaining)
                }
                remaining -= interval.end - from
            }
            date = date.adding(days: 1)
            secondsIntoDay = 0
        }
    }

    /// The same time of day `days` working days later, starting from the first
    /// working instant at or after `start`; kept within that day's office hours.
    public func adding(workingDays days: Int, to start: Date) -> Date {
        var (date, secondsIntoDay) = local(adding(workingSeconds: 0, to: start))
        var counted = 0
        while counted < days {
            date = date.adding(days: 1)
            if isWorkingDay(date) { counted += 1 }
        }
        let hours = officeHours(on: date)
        if let first = hours.first, let last = hours.last {
            secondsIntoDay = min(max(secondsIntoDay, first.start), last.end)
        }
        return instant(date, seconds: secondsIntoDay)
    }

    /// Office time between two instants, in seconds; negative when `end` is before `start`.
    public func workingSeconds(from start: Date, to end: Date) -> Int {
        guard start <= end else { return -workingSeconds(from: end, to: start) }
        let (firstDate, firstSeconds) = local(start)
        let (lastDate, lastSeconds) = local(end)
        var total = 0
        var date = firstDate
        while date <= lastDate {
            let from = date == firstDate ? firstSeconds : 0
            let to = date == lastDate ? lastSeconds : 86_400
            for interval in officeHours(on: date) {
                total += max(0, min(interval.end, to) - max(interval.start, from))
            }
            date = date.adding(days: 1)
        }
        return total
    }
}

/// A work calendar file that cannot be used, with its place.
public struct CalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String?
    public let field: String?
    public let message: String

    public init(file: String?, field: String?, message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    public var description: String {
        [file, field.map { "field '\($0)'" }, message].compactMap { $0 }.joined(separator: ": ")
    }
}
