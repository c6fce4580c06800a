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

    @Test func dateTimeHasTheYearAndTheSeconds() {
        #expect(TimeText.dateTime(natal, in: TimeText.jakarta) == "2026-12-25 09:05:30")
    }

    @Test func aMomentIsADurationAgoADateADateAndTimeOrISO() {
        let zone = TimeText.jakarta
        #expect(TimeText.moment("2h", now: natal, in: zone) == natal - 7200)
        #expect(TimeText.moment("7d", now: natal, in: zone) == natal - 7 * 86_400)
        #expect(TimeText.moment("90s", now: natal, in: zone) == natal - 90)
        #expect(TimeText.moment("2026-12-25", now: natal, in: zone).map { TimeText.iso($0, in: zone) } == "2026-12-25T00:00:00+07:00")
        #expect(TimeText.moment("2026-12-25 09:05:30", now: natal, in: zone) == natal)
        #expect(TimeText.moment("2026-12-25T09:05", now: natal, in: zone) == natal - 30)
        #expect(TimeText.moment("2026-12-25T02:05:30Z", now: natal, in: zone) == natal)
        #expect(TimeText.moment("2026-12-25T09:05:30+07:00", now: natal, in: zone) == natal)
        for wrong in ["yesterday", "2h30", "2026-13-01", "2026-12-25 25:00", ""] {
            #expect(TimeText.moment(wrong, now: natal, in: zone) == nil, "\(wrong)")
        }
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
