import Foundation
import GatewayCore

/// How far ahead the work calendar knows every holiday, as `serve`, `doctor` and `/metrics` report it.
/// Deadlines of up to 15 working days run three weeks and more, so fewer than ``requiredDays`` known
/// days ahead means deadlines being set now may already be provisional.
public struct CalendarCoverage: Sendable {
    /// Days ahead the calendar must cover for `gerbang doctor` to pass.
    public static let requiredDays = 60

    public let calendar: WorkCalendar
    public let now: Date

    public init(calendar: WorkCalendar, now: Date) {
        self.calendar = calendar
        self.now = now
    }

    /// The first instant no SKB list covers.
    public var ends: Date { calendar.coverageEnds(after: now) }

    /// Whole days from now until then (0 or less when this year's list is missing).
    public var daysAhead: Int { Int((ends.timeIntervalSince(now) / 86_400).rounded(.down)) }

    /// Whether enough days ahead are covered, and a line saying so.
    public var verdict: (Bool, String) {
        let firstPartial = calendar.local(ends).date.year
        let enough = daysAhead >= Self.requiredDays
        let detail = "\(calendar.timeZone.identifier); holidays known until \(calendar.local(ends.addingTimeInterval(-1)).date), "
            + "\(max(0, daysAhead)) days ahead" + (enough ? "" : ", fewer than \(Self.requiredDays): \(firstPartial) has no SKB list, so deadlines "
            + "falling in it count only its fixed-date holidays and are marked provisional")
        return (enough, detail)
    }
}
