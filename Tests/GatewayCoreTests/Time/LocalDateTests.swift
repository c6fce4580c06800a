import Testing
@testable import GatewayCore

@Suite struct LocalDateTests {
    @Test func weekdaysMatchTheCalendar() {
        #expect(LocalDate(iso: "2026-12-25")?.weekday == .friday)  // Natal 2026 is a Friday
        #expect(LocalDate(iso: "2026-01-01")?.weekday == .thursday)
        #expect(LocalDate(iso: "1970-01-01")?.weekday == .thursday)
        #expect(LocalDate(iso: "2024-02-29")?.weekday == .thursday)
    }

    @Test func dayNumbersRoundTripAcrossMonthsAndLeapYears() {
        for number in stride(from: -800, to: 40_000, by: 37) {
            #expect(LocalDate(dayNumber: number).dayNumber == number)
        }
        #expect(LocalDate(iso: "2028-02-28")?.adding(days: 1).description == "2028-02-29")
        #expect(LocalDate(iso: "2026-12-31")?.adding(days: 1).description == "2027-01-01")
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026/01/01", ""])
    func impossibleOrMisspelledDatesAreRefused(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }
}
