import Foundation
import GatewayCore
import GatewayTestSupport
import Testing
@testable import GatewayDemo

@Suite struct AcceleratedClockTests {
    @Test func workingTimeRunsFastAndSkipsWhatIsNotWorkingTime() throws {
        let calendar = try RepositoryFiles.calendar()
        // Wednesday 23 December 2026, 15:59: the next working minute is Monday 28 December (cuti bersama, Natal, a weekend).
        let start = calendar.instant(LocalDate(year: 2026, month: 12, day: 23)!, seconds: 15 * 3600 + 59 * 60)
        let clock = AcceleratedClock(start: start, workingHoursPerSecond: 60, calendar: calendar)
        #expect(clock.now() >= start)
        #expect(Eventually.holds(within: .seconds(5)) { calendar.local(clock.now()).date == LocalDate(year: 2026, month: 12, day: 28)! })
        let earlier = clock.now()
        #expect(clock.now() >= earlier)
    }
}
