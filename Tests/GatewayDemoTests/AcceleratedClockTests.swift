import Foundation
import GatewayCore
import GatewayTestSupport
import Testing
@testable import GatewayDemo

@Suite struct AcceleratedClockTests {
    @Test func workingTimeRunsFastAndSkipsWhatIsNotWorkingTime() throws {
        let calendar = try RepositoryFiles.calendar()
        // Wednesday 23 December 2026, 15:59 in Jakarta, one working minute a real second, so half a second is 30 working seconds (config/calendar: the day ends at
        // 16:00; 24 December is cuti bersama, 25 December Natal, then a weekend; Monday starts at 07:30).
        let start = calendar.instant(LocalDate(year: 2026, month: 12, day: 23)!, seconds: 15 * 3600 + 59 * 60)
        let anchor = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = AcceleratedClock(start: start, workingHoursPerSecond: 1.0 / 60, calendar: calendar, anchor: anchor)
        #expect(clock.reading(at: anchor.addingTimeInterval(-5)) == start)
        #expect(clock.reading(at: anchor.addingTimeInterval(0.5)) == start.addingTimeInterval(30))
        let monday = calendar.instant(LocalDate(year: 2026, month: 12, day: 28)!, seconds: 7 * 3600 + 30 * 60)
        #expect(clock.reading(at: anchor.addingTimeInterval(1.5)) == monday.addingTimeInterval(30))
    }
}
