import Foundation

/// The work calendar as operators edit it: `config/calendar/office-hours.json`
/// and one `holidays-YYYY.json` per year.
extension WorkCalendar {
    /// `office-hours.json`: the zone and each weekday's office hours as "HH:MM-HH:MM".
    public struct OfficeHoursFile: Sendable, Codable {
        public let timeZone: String
        /// Where these hours come from (a regulation, a Kepala Dinas decision).
        public let basis: String?
        public let week: [String: [String]]
    }

    /// `holidays-YYYY.json`: one year's national holidays and cuti bersama, with the decree they come from.
    public struct HolidaysFile: Sendable, Codable {
        public let year: Int
        public let source: String
        public let days: [Holiday]
    }

    /// Decodes and checks the calendar files. Errors name the file and the field.
    public static func load(officeHours: (data: Data, file: String), holidays: [(data: Data, file: String)]) throws(CalendarError) -> WorkCalendar {
        let hours: OfficeHoursFile = try decode(officeHours.data, file: officeHours.file)
        guard let zone = TimeZone(identifier: hours.timeZone) else {
            throw CalendarError(file: officeHours.file, field: "timeZone", message: "'\(hours.timeZone)' is not a time zone: use an IANA name such as 'Asia/Jakarta'")
        }
        var week: [Weekday: [WorkInterval]] = [:]
        for (name, spans) in hours.week {
            guard let day = Weekday(rawValue: name) else {
                throw CalendarError(file: officeHours.file, field: "week.\(name)", message: "'\(name)' is not a weekday: use monday … sunday")
            }
            week[day] = try spans.enumerated().map { (index, text) throws(CalendarError) in
                guard let interval = WorkInterval(text: text) else {
                    throw CalendarError(file: officeHours.file, field: "week.\(name)[\(index)]", message: "'\(text)' is not a span of office hours: write 'HH:MM-HH:MM', start before end")
                }
                return interval
            }
        }

        var days: [Holiday] = []
        var years: Set<Int> = []
        for (data, file) in holidays {
            let list: HolidaysFile = try decode(data, file: file)
            guard years.insert(list.year).inserted else {
                throw CalendarError(file: file, field: "year", message: "year \(list.year) is listed by another holidays file too: keep one file per year")
            }
            var seen: Set<LocalDate> = []
            for (index, holiday) in list.days.enumerated() {
                guard holiday.date.year == list.year else {
                    throw CalendarError(file: file, field: "days[\(index)].date", message: "\(holiday.date) is not in \(list.year), the file's year")
                }
                guard seen.insert(holiday.date).inserted else {
                    throw CalendarError(file: file, field: "days[\(index)].date", message: "\(holiday.date) is listed twice")
                }
            }
            days += list.days
        }
        do {
            return try WorkCalendar(timeZone: zone, week: week, holidays: days, coveredYears: years)
        } catch {
            throw CalendarError(file: officeHours.file, field: error.field, message: error.message)
        }
    }

    private static func decode<T: Decodable>(_ data: Data, file: String) throws(CalendarError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            let (field, problem) = error.explained
            throw CalendarError(file: file, field: field, message: field == nil ? "the file \(problem)" : problem)
        } catch {
            throw CalendarError(file: file, field: nil, message: "\(error)")
        }
    }
}
