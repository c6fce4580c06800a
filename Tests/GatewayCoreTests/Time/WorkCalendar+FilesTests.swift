import Foundation
import Testing
@testable import GatewayCore

@Suite struct WorkCalendarFilesTests {
    let hours = #"{"timeZone":"Asia/Jakarta","week":{"monday":["07:30-12:00","13:00-16:00"]}}"#

    func load(hours: String, holidays: [String] = []) throws -> WorkCalendar {
        try WorkCalendar.load(
            officeHours: (Data(hours.utf8), "calendar/office-hours.json"),
            holidays: holidays.enumerated().map { (Data($1.utf8), "calendar/holidays-\($0).json") })
    }

    func error(hours: String, holidays: [String] = []) -> String? {
        do {
            _ = try load(hours: hours, holidays: holidays)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aHolidayOnAWorkingDayClosesIt() throws {
        let calendar = try load(hours: hours, holidays: [#"{"year":2026,"source":"SKB","days":[{"date":"2026-12-14","name":"Libur","kind":"national"}]}"#])
        #expect(!calendar.isWorkingDay(LocalDate(iso: "2026-12-14")!))
        #expect(calendar.isWorkingDay(LocalDate(iso: "2026-12-21")!))
    }

    @Test func aSpanThatEndsBeforeItStartsIsNamed() {
        #expect(error(hours: #"{"timeZone":"Asia/Jakarta","week":{"friday":["13:00-12:00"]}}"#)
            == "calendar/office-hours.json: field 'week.friday[0]': '13:00-12:00' is not a span of office hours: write 'HH:MM-HH:MM', start before end")
    }

    @Test func anUnknownWeekdayOrZoneIsNamed() {
        #expect(error(hours: #"{"timeZone":"Asia/Jakarta","week":{"senin":["08:00-12:00"]}}"#)?.contains("'senin' is not a weekday") == true)
        #expect(error(hours: #"{"timeZone":"Asia/Jakrta","week":{"monday":["08:00-12:00"]}}"#)?.contains("'Asia/Jakrta' is not a time zone") == true)
    }

    @Test func aHolidayOutsideItsFilesYearOrListedTwiceIsNamed() {
        let wrongYear = #"{"year":2026,"source":"SKB","days":[{"date":"2027-01-01","name":"Tahun Baru","kind":"national"}]}"#
        #expect(error(hours: hours, holidays: [wrongYear]) == "calendar/holidays-0.json: field 'days[0].date': 2027-01-01 is not in 2026, the file's year")
        let twice = #"{"year":2026,"source":"SKB","days":[{"date":"2026-01-01","name":"a","kind":"national"},{"date":"2026-01-01","name":"b","kind":"cutiBersama"}]}"#
        #expect(error(hours: hours, holidays: [twice]) == "calendar/holidays-0.json: field 'days[1].date': 2026-01-01 is listed twice")
    }

    @Test func aMisspelledDateIsNamedWithItsPlace() {
        let file = #"{"year":2026,"source":"SKB","days":[{"date":"2026-02-30","name":"a","kind":"national"}]}"#
        #expect(error(hours: hours, holidays: [file]) == "calendar/holidays-0.json: field 'days[0].date': '2026-02-30' is not a date: write YYYY-MM-DD")
    }
}
