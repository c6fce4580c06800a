import Foundation
import GatewayCore
import Testing
@testable import GatewayDaemon

@Suite struct TimeTextTests {
    /// Friday 25 December 2026, 09:05:30 in Jakarta (02:05:30 UTC).
    let natal = Date(timeIntervalSince1970: TimeInterval(LocalDate(iso: "2026-12-25")!.dayNumber * 86_400 + 2 * 3600 + 5 * 60 + 30))

    @Test func wallClockIsJakartaTime() {
        #expect(TimeText.wallClock(natal, in: TimeText.jakarta) == "Fri 25 Dec 09:05")
    }

    @Test func isoCarriesTheJakartaOffset() {
        #expect(TimeText.iso(natal, in: TimeText.jakarta) == "2026-12-25T09:05:30+07:00")
    }

    @Test func spansRoundToTheMinute() {
        #expect(TimeText.span(seconds: 0) == "0m")
        #expect(TimeText.span(seconds: 89) == "1m")
        #expect(TimeText.span(seconds: 3 * 3600 + 300) == "3h 05m")
        #expect(TimeText.span(seconds: -3600) == "-1h 00m")
    }
}
