import Foundation
import GatewayCore
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

@Suite struct CalendarCoverageTests {
    let calendar = try! RepositoryFiles.calendar()

    func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func fewerThanSixtyDaysOfKnownHolidaysFail() {
        // The shipped calendar has 2026's SKB list only.
        let november = CalendarCoverage(calendar: calendar, now: at("2026-10-30T09:00:00+07:00"))
        #expect(november.daysAhead == 62 && november.verdict.0)
        let december = CalendarCoverage(calendar: calendar, now: at("2026-11-30T09:00:00+07:00"))
        #expect(december.daysAhead == 31 && !december.verdict.0)
        #expect(december.verdict.1.contains("2027 has no SKB list"))
        #expect(december.ends == at("2027-01-01T00:00:00+07:00"))
    }
}
