import GatewayTestSupport
import Foundation
import Testing
@testable import GatewayCore

/// Deadlines on the shipped calendar: Jakarta office hours with the 2026 holidays and cuti bersama.
@Suite struct WorkCalendarTests {
    let calendar: WorkCalendar

    init() throws {
        calendar = try RepositoryFiles.calendar()
    }

    func deadline(_ start: String, _ time: String) throws -> Date {
        calendar.deadline(from: jakarta(start), adding: try StepDuration(parsing: time))
    }

    @Test func minutesRunOnIntoTheNextMorningAtTheEndOfAWorkingDay() throws {
        #expect(try deadline("2026-12-14 15:30", "60 menit") == jakarta("2026-12-15 08:00"))
        // Thursday 15:00-16:00 gives 60 minutes; Friday from 07:30 gives the other 180.
        #expect(try deadline("2026-12-17 15:00", "240 menit") == jakarta("2026-12-18 10:30"))
    }

    @Test func minutesSkipTheWeekend() throws {
        #expect(try deadline("2026-12-11 15:30", "120 Menit") == jakarta("2026-12-14 08:30"))
    }

    @Test func minutesSkipNationalHolidaysAndCutiBersama() throws {
        // Thursday 24 December is cuti bersama, Friday 25 December is Natal.
        #expect(try deadline("2026-12-23 15:30", "60 menit") == jakarta("2026-12-28 08:00"))
    }

    @Test func minutesSkipTheLunchBreak() throws {
        #expect(try deadline("2026-12-14 11:30", "60 menit") == jakarta("2026-12-14 13:30"))
        #expect(try deadline("2026-12-18 11:00", "60 menit") == jakarta("2026-12-18 13:30"))  // Friday's break is 11:30-13:00
    }

    @Test func aStepStartedOutsideOfficeHoursCountsFromTheNextOpening() throws {
        #expect(try deadline("2026-12-12 09:00", "10 menit") == jakarta("2026-12-14 07:40"))
        #expect(try deadline("2026-12-14 06:00", "1 jam") == jakarta("2026-12-14 08:30"))
    }

    @Test func daysAreWorkingDaysAtTheSameTimeOfDay() throws {
        #expect(try deadline("2026-12-11 10:00", "2 hari") == jakarta("2026-12-15 10:00"))
        #expect(try deadline("2026-12-23 10:00", "1 Hari") == jakarta("2026-12-28 10:00"))
    }

    @Test func daysAcrossIdulFitriSkipEveryClosedDay() throws {
        // 18 cuti Nyepi, 19 Nyepi, 20 cuti, 21-22 Idul Fitri (weekend), 23-24 cuti: open again on the 25th.
        #expect(try deadline("2026-03-17 09:00", "2 hari") == jakarta("2026-03-26 09:00"))
    }

    @Test func daysStartedAfterHoursCountFromTheNextOpening() throws {
        #expect(try deadline("2026-12-14 17:00", "1 hari") == jakarta("2026-12-16 07:30"))
    }

    @Test func aDayDeadlineStaysWithinThatDaysOfficeHours() throws {
        // Friday closes at 16:30, Monday at 16:00.
        #expect(try deadline("2026-12-11 16:15", "1 hari") == jakarta("2026-12-14 16:00"))
    }

    @Test func workingTimeBetweenTwoInstantsCountsOfficeHoursOnly() {
        #expect(calendar.workingSeconds(from: jakarta("2026-12-11 16:00"), to: jakarta("2026-12-14 08:00")) == 3600)
        #expect(calendar.workingSeconds(from: jakarta("2026-12-14 08:00"), to: jakarta("2026-12-11 16:00")) == -3600)
        #expect(calendar.workingSeconds(from: jakarta("2026-12-14 07:30"), to: jakarta("2026-12-14 16:00")) == 7 * 3600 + 1800)
        #expect(calendar.workingSeconds(from: jakarta("2026-12-24 08:00"), to: jakarta("2026-12-25 15:00")) == 0)
    }

    @Test func theShippedHolidaysAreTheSKBsSeventeenAndEight() throws {
        let year2026 = calendar.holidays.values.filter { $0.date.year == 2026 }
        #expect(year2026.filter { $0.kind == .national }.count == 17)
        #expect(year2026.filter { $0.kind == .cutiBersama }.count == 8)
        #expect(calendar.coveredYears.contains(2026))
    }

    @Test func overlappingOfficeHoursAreRefused() {
        #expect(throws: CalendarError.self) {
            try WorkCalendar(timeZone: TimeZone(identifier: "Asia/Jakarta")!,
                             week: [.monday: [WorkInterval(text: "08:00-12:00")!, WorkInterval(text: "11:00-15:00")!]],
                             holidays: [])
        }
    }

    /// The shipped calendar with other hours from Monday 14 to Friday 18 December 2026 (say, a Kepala Dinas's decision
    /// for a week of Ramadan-like hours: 08:00-14:00 without a break, Friday untouched), and a local holiday.
    func withShortHours() throws -> WorkCalendar {
        try WorkCalendar(timeZone: calendar.timeZone, week: calendar.week,
                         holidays: Array(calendar.holidays.values) + [Holiday(date: LocalDate(iso: "2026-12-21")!, name: "Hari Jadi Kota", kind: .local)],
                         coveredYears: calendar.coveredYears,
                         exceptions: [.init(from: LocalDate(iso: "2026-12-14")!, to: LocalDate(iso: "2026-12-17")!, name: "Jam kerja khusus",
                                            week: [.monday: [WorkInterval(text: "08:00-14:00")!], .tuesday: [WorkInterval(text: "08:00-14:00")!],
                                                   .wednesday: [WorkInterval(text: "08:00-14:00")!],
                                                   .thursday: [WorkInterval(text: "08:00-14:00")!]])])
    }

    @Test func aRangeOfOtherOfficeHoursCountsInsteadOfTheUsualWeekOnlyWithinItsDates() throws {
        let short = try withShortHours()
        let hour = try StepDuration(parsing: "60 menit")
        // Thursday 17 December 13:30 has 30 minutes left of its short day; Friday 18 is usual again (from 07:30).
        #expect(short.deadline(from: jakarta("2026-12-17 13:30"), adding: hour) == jakarta("2026-12-18 08:00"))
        // Monday 14 December at 11:30: no lunch break in the short hours.
        #expect(short.deadline(from: jakarta("2026-12-14 11:30"), adding: hour) == jakarta("2026-12-14 12:30"))
        // Outside the range, the usual week: Monday 7 December has its break.
        #expect(short.deadline(from: jakarta("2026-12-07 11:30"), adding: hour) == jakarta("2026-12-07 13:30"))
        #expect(short.workingSeconds(from: jakarta("2026-12-14 00:00"), to: jakarta("2026-12-15 00:00")) == 6 * 3600)
    }

    @Test func aLocalHolidayClosesTheOfficeLikeANationalOne() throws {
        let short = try withShortHours()
        // Friday 18 December 16:00 + 60 minutes: 30 that day (to 16:30), Monday 21 is the city's holiday, so Tuesday 22 at 08:00.
        #expect(short.deadline(from: jakarta("2026-12-18 16:00"), adding: try StepDuration(parsing: "60 menit")) == jakarta("2026-12-22 08:00"))
        #expect(!short.isWorkingDay(LocalDate(iso: "2026-12-21")!))
    }

    @Test func overlappingOrBackwardRangesOfOtherHoursAreRefusedByName() {
        let zone = TimeZone(identifier: "Asia/Jakarta")!
        let week: [Weekday: [WorkInterval]] = [.monday: [WorkInterval(text: "08:00-12:00")!]]
        func range(_ from: String, _ to: String, _ name: String) -> WorkCalendar.HoursException {
            .init(from: LocalDate(iso: from)!, to: LocalDate(iso: to)!, name: name, week: week)
        }
        #expect { try WorkCalendar(timeZone: zone, week: week, holidays: [], exceptions: [range("2027-02-08", "2027-03-09", "Ramadan"),
                                                                                            range("2027-03-01", "2027-03-05", "Pekan Kerja")]) }
            throws: { ($0 as? CalendarError)?.message.contains("'Pekan Kerja' (2027-03-01 to 2027-03-05) overlaps 'Ramadan'") == true }
        #expect { try WorkCalendar(timeZone: zone, week: week, holidays: [], exceptions: [range("2027-03-09", "2027-02-08", "Ramadan")]) }
            throws: { ($0 as? CalendarError)?.message.contains("ends (2027-02-08) before it starts") == true }
    }

    @Test func aWeekWithoutOfficeHoursIsRefused() {
        #expect(throws: CalendarError.self) {
            try WorkCalendar(timeZone: TimeZone(identifier: "Asia/Jakarta")!, week: [:], holidays: [])
        }
    }
}

/// A year without its SKB list: only the fixed-date national holidays are known, and deadlines in it are provisional.
@Suite struct PartialYearTests {
    let calendar: WorkCalendar

    init() throws {
        calendar = try RepositoryFiles.calendar()
    }

    @Test func aYearWithoutItsSKBListStillKnowsTheFixedDateHolidays() throws {
        #expect(calendar.isComplete(year: 2026) && !calendar.isComplete(year: 2027))
        for date in ["2027-01-01", "2027-05-01", "2027-06-01", "2027-08-17", "2027-12-25"] {
            let day = try #require(LocalDate(iso: date))
            #expect(calendar.holiday(on: day)?.kind == .national, "\(date)")
            #expect(!calendar.isWorkingDay(day) || day.weekday == .saturday || day.weekday == .sunday, "\(date)")
        }
        // A moving holiday is not guessed: 2026's Isra Mikraj fell on 16 January, 2027's is not listed yet.
        #expect(calendar.holiday(on: LocalDate(iso: "2027-01-15")!) == nil)
        // In a complete year only the SKB's list counts.
        #expect(calendar.holiday(on: LocalDate(iso: "2026-06-01")!)?.name == "Hari Lahir Pancasila")
    }

    @Test func aDeadlineSkipsNewYear2027AndIsProvisional() throws {
        // Thursday 31 December 2026 15:30 plus 60 minutes: Friday 1 January 2027 is a holiday even without the SKB.
        let deadline = calendar.deadline(from: jakarta("2026-12-31 15:30"), adding: try StepDuration(parsing: "60 menit"))
        #expect(deadline == jakarta("2027-01-04 08:00"))
        #expect(calendar.isProvisional(deadline) && !calendar.isProvisional(jakarta("2026-12-31 15:30")))
    }

    @Test func coverageEndsAtTheFirstYearWithoutItsList() throws {
        #expect(calendar.coverageEnds(after: jakarta("2026-11-30 09:00")) == jakarta("2027-01-01 00:00"))
        #expect(calendar.coverageEnds(after: jakarta("2027-02-01 09:00")) == jakarta("2027-01-01 00:00"))
        let both = try WorkCalendar(timeZone: calendar.timeZone, week: calendar.week, holidays: [], coveredYears: [2026, 2027])
        #expect(both.coverageEnds(after: jakarta("2026-11-30 09:00")) == jakarta("2028-01-01 00:00"))
    }
}
