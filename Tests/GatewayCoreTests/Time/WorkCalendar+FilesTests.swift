import Foundation
import GatewayTestSupport
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

/// A year's SKB list brought in by an operator (`gerbang calendar import`).
@Suite struct HolidayImportTests {
    /// The fixed-date holidays of 2027 and two moving days, as an operator might type them.
    let csv = """
        tanggal,nama,jenis
        2027-01-01,Tahun Baru 2027 Masehi,national
        2027-03-09,Cuti Bersama Idul Fitri 1448 H
        2027-03-10,Idul Fitri 1448 H,libur nasional
        2027-05-01,Hari Buruh Internasional
        2027-06-01,Hari Lahir Pancasila
        2027-08-17,Proklamasi Kemerdekaan Republik Indonesia
        2027-12-25,Kelahiran Yesus Kristus
        """

    func error(_ text: String, year: Int? = nil) -> String? {
        do {
            _ = try WorkCalendar.HolidaysFile.imported(text, file: "skb.csv", year: year)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aCSVListBecomesTheYearsFileWithKindsReadFromWordsOrNames() throws {
        let list = try WorkCalendar.HolidaysFile.imported(csv, file: "skb.csv", source: "SKB 2027")
        #expect(list.year == 2027 && list.source == "SKB 2027" && list.days.count == 7)
        #expect(list.days.first { $0.date == LocalDate(iso: "2027-03-09") }?.kind == .cutiBersama)
        #expect(list.days.first { $0.date == LocalDate(iso: "2027-03-10") }?.kind == .national)
    }

    @Test func theWrittenFileReadsBackAndTheShippedOneIsWrittenTheSameWay() throws {
        let list = try WorkCalendar.HolidaysFile.imported(csv, file: "skb.csv", source: "SKB \"2027\"")
        let again = try JSONDecoder().decode(WorkCalendar.HolidaysFile.self, from: Data(list.fileText.utf8))
        #expect(again == list)
        let shipped = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("config/calendar/holidays-2026.json"), encoding: .utf8)
        #expect(try WorkCalendar.HolidaysFile.imported(shipped, file: "holidays-2026.json").fileText == shipped)
    }

    @Test func aListThatIsNotOneWholeYearIsRefusedWithTheReason() {
        #expect(error(csv + "\n2028-01-01,Tahun Baru 2028 Masehi")?.contains("2028-01-01 is not in 2027") == true)
        #expect(error(csv.replacingOccurrences(of: "2027-08-17,Proklamasi Kemerdekaan Republik Indonesia\n", with: ""))?
            .contains("2027-08-17 (Proklamasi Kemerdekaan Republik Indonesia) is missing") == true)
        #expect(error(csv + "\n2027-03-10,Idul Fitri 1448 H")?.contains("listed twice") == true)
        #expect(error("2027-13-01,Tidak ada")?.contains("line 1") == true)
        #expect(error(csv + "\n2027-04-01,Libur,kadang")?.contains("'kadang' is not a kind") == true)
        #expect(error(csv, year: 2028)?.contains("is not in 2028") == true)
    }

    @Test func aJSONDaysArrayIsTakenToo() throws {
        let days = try WorkCalendar.HolidaysFile.imported(csv, file: "skb.csv").days
        let json = String(decoding: try JSONEncoder().encode(days), as: UTF8.self)
        #expect(try WorkCalendar.HolidaysFile.imported(json, file: "skb.json").days == days)
    }
}
