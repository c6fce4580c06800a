import Foundation

/// The work calendar as operators edit it: `config/calendar/office-hours.json`
/// and one `holidays-YYYY.json` per year.
extension WorkCalendar {
    /// `office-hours.json`: the zone and each weekday's office hours as "HH:MM-HH:MM", and date ranges with
    /// other hours.
    public struct OfficeHoursFile: Sendable, Codable, Equatable {
        /// Other hours from one date to another, both included (`exceptions` in office-hours.json).
        public struct Exception: Sendable, Codable, Equatable {
            public let from: LocalDate
            public let to: LocalDate
            public let name: String
            public let basis: String?
            /// The weekdays whose hours change, as in `week`; a weekday not listed keeps its usual hours.
            public let week: [String: [String]]
        }

        public let timeZone: String
        /// Where these hours come from (a regulation, a Kepala Dinas decision).
        public let basis: String?
        public let week: [String: [String]]
        public var exceptions: [Exception]?

        /// The file as the shipped one is laid out: a weekday a line, an exception a block, in date order.
        public var fileText: String {
            func quoted(_ text: String) -> String {
                var bytes: [UInt8] = []
                JSONText.appendString(text, to: &bytes)
                return String(decoding: bytes, as: UTF8.self)
            }
            func weekText(_ week: [String: [String]], indent: String) -> String {
                let days = Weekday.allCases.map(\.rawValue).filter { week[$0] != nil } + week.keys.filter { Weekday(rawValue: $0) == nil }.sorted()
                return "{\n" + days.map { day in
                    "\(indent)  \(quoted(day)): [" + (week[day] ?? []).map(quoted).joined(separator: ", ") + "]"
                }.joined(separator: ",\n") + "\n\(indent)}"
            }
            var lines = ["{", "  \"timeZone\": \(quoted(timeZone)),"]
            if let basis { lines.append("  \"basis\": \(quoted(basis)),") }
            lines.append("  \"week\": " + weekText(week, indent: "  ") + (exceptions?.isEmpty == false ? "," : ""))
            if let exceptions, !exceptions.isEmpty {
                let blocks = exceptions.sorted { $0.from < $1.from }.map { exception in
                    "    {\"from\": \"\(exception.from)\", \"to\": \"\(exception.to)\", \"name\": \(quoted(exception.name)),"
                        + (exception.basis.map { "\n     \"basis\": \(quoted($0))," } ?? "")
                        + "\n     \"week\": " + weekText(exception.week, indent: "     ") + "}"
                }
                lines.append("  \"exceptions\": [\n" + blocks.joined(separator: ",\n") + "\n  ]")
            }
            return lines.joined(separator: "\n") + "\n}\n"
        }
    }

    /// `holidays-YYYY.json`: one year's national holidays and cuti bersama, with the decree they come from.
    public struct HolidaysFile: Sendable, Codable, Equatable {
        public let year: Int
        public let source: String
        public let days: [Holiday]

        /// The file as the shipped ones are laid out: one day per line.
        public var fileText: String {
            func quoted(_ text: String) -> String {
                var bytes: [UInt8] = []
                JSONText.appendString(text, to: &bytes)
                return String(decoding: bytes, as: UTF8.self)
            }
            let lines = days.map { "    { \"date\": \"\($0.date)\", \"name\": \(quoted($0.name)), \"kind\": \"\($0.kind.rawValue)\" }" }
            return "{\n  \"year\": \(year),\n  \"source\": \(quoted(source)),\n  \"days\": [\n" + lines.joined(separator: ",\n") + "\n  ]\n}\n"
        }
    }

    /// Decodes and checks the calendar files. Errors name the file and the field.
    public static func load(officeHours: (data: Data, file: String), holidays: [(data: Data, file: String)]) throws(CalendarError) -> WorkCalendar {
        let hours: OfficeHoursFile = try decode(officeHours.data, file: officeHours.file)
        guard let zone = TimeZone(identifier: hours.timeZone) else {
            throw CalendarError(file: officeHours.file, field: "timeZone", message: "'\(hours.timeZone)' is not a time zone: use an IANA name such as 'Asia/Jakarta'")
        }
        let week = try parsed(hours.week, field: "week", file: officeHours.file)
        let exceptions = try (hours.exceptions ?? []).enumerated().map { (index, exception) throws(CalendarError) in
            HoursException(from: exception.from, to: exception.to, name: exception.name, basis: exception.basis,
                           week: try parsed(exception.week, field: "exceptions[\(index)].week", file: officeHours.file))
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
            return try WorkCalendar(timeZone: zone, week: week, holidays: days, coveredYears: years, exceptions: exceptions)
        } catch {
            throw CalendarError(file: officeHours.file, field: error.field, message: error.message)
        }
    }

    /// A week as the file writes it ("monday": ["07:30-12:00", …]), each name and span checked.
    private static func parsed(_ week: [String: [String]], field: String, file: String) throws(CalendarError) -> [Weekday: [WorkInterval]] {
        var parsed: [Weekday: [WorkInterval]] = [:]
        for (name, spans) in week {
            guard let day = Weekday(rawValue: name) else {
                throw CalendarError(file: file, field: "\(field).\(name)", message: "'\(name)' is not a weekday: use monday … sunday")
            }
            parsed[day] = try spans.enumerated().map { (index, text) throws(CalendarError) in
                guard let interval = WorkInterval(text: text) else {
                    throw CalendarError(file: file, field: "\(field).\(name)[\(index)]",
                                        message: "'\(text)' is not a span of office hours: write 'HH:MM-HH:MM', start before end")
                }
                return interval
            }
        }
        return parsed
    }

    private static func decode<T: Decodable>(_ data: Data, file: String) throws(CalendarError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            let (field, problem) = error.explained(reading: data)
            throw CalendarError(file: file, field: field, message: field == nil ? "the file \(problem)" : problem)
        } catch {
            throw CalendarError(file: file, field: nil, message: "\(error)")
        }
    }
}

extension WorkCalendar.OfficeHoursFile {
    /// Ranges of other office hours as an operator writes them for `gerbang calendar import`: one exception
    /// (`{"from": …, "to": …, "name": …, "week": {…}}`) or several (`{"exceptions": [...]}`); nil for any other
    /// text (a holidays list).
    public static func importedExceptions(_ text: String, file: String) throws(CalendarError) -> [Exception]? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{"), let fields = (try? JSONValue.decode(Array(trimmed.utf8)))?.object,
              fields["exceptions"] != nil || (fields["from"] != nil && fields["week"] != nil) else { return nil }
        struct Several: Decodable { let exceptions: [Exception] }
        let data = Data(trimmed.utf8)
        do {
            return fields["exceptions"] != nil ? try JSONDecoder().decode(Several.self, from: data).exceptions
                : [try JSONDecoder().decode(Exception.self, from: data)]
        } catch let error as DecodingError {
            let (field, problem) = error.explained(reading: data)
            throw CalendarError(file: file, field: field, message: problem)
        } catch {
            throw CalendarError(file: file, field: nil, message: "\(error)")
        }
    }
}

extension WorkCalendar.HolidaysFile {
    /// One year's list as an operator types or exports it from the SKB: either a holidays file's
    /// JSON (or just its `days` array), or CSV lines `date,name[,kind]` with an optional header line.
    /// A kind is `national`, `cutiBersama` or `local` (also written "libur nasional", "cuti bersama", "libur daerah");
    /// without one, a name starting "Cuti Bersama" is cuti bersama and any other a national holiday.
    /// Every date must be in one year (`year`, when given) and listed once.
    public static func imported(_ text: String, file: String, year: Int? = nil, source: String? = nil) throws(CalendarError)
        -> WorkCalendar.HolidaysFile {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var days: [Holiday] = []
        var givenYear = year
        var givenSource = source
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            let data = Data(trimmed.utf8)
            if trimmed.hasPrefix("{") {
                let whole: WorkCalendar.HolidaysFile = try decodeImported(data, file: file)
                days = whole.days
                givenYear = givenYear ?? whole.year
                givenSource = givenSource ?? whole.source
            } else {
                days = try decodeImported(data, file: file)
            }
        } else {
            for (index, line) in trimmed.split(whereSeparator: \.isNewline).enumerated() {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard let first = cells.first, !first.isEmpty, !first.hasPrefix("#") else { continue }
                if index == 0, LocalDate(iso: first) == nil, first.lowercased().contains("tanggal") || first.lowercased().contains("date") { continue }
                guard let date = LocalDate(iso: first) else {
                    throw CalendarError(file: file, field: "line \(index + 1)", message: "'\(first)' is not a date: write YYYY-MM-DD,name[,kind]")
                }
                guard cells.count >= 2, !cells[1].isEmpty else {
                    throw CalendarError(file: file, field: "line \(index + 1)", message: "\(first) has no name: write YYYY-MM-DD,name[,kind]")
                }
                let name = cells[1]
                let kind: Holiday.Kind
                switch cells.count > 2 ? cells[2].lowercased().replacingOccurrences(of: " ", with: "") : "" {
                case "": kind = name.lowercased().hasPrefix("cuti bersama") ? .cutiBersama : .national
                case "national", "nasional", "liburnasional", "libur": kind = .national
                case "cutibersama", "cuti": kind = .cutiBersama
                case "local", "daerah", "liburdaerah": kind = .local
                default:
                    throw CalendarError(file: file, field: "line \(index + 1)",
                                        message: "'\(cells[2])' is not a kind: national (libur nasional), cutiBersama (cuti bersama) or local (libur daerah)")
                }
                days.append(Holiday(date: date, name: name, kind: kind))
            }
        }
        guard let listYear = givenYear ?? days.first?.date.year else {
            throw CalendarError(file: file, field: nil, message: "lists no day: an SKB lists its year's national holidays and cuti bersama")
        }
        var seen: Set<LocalDate> = []
        for holiday in days {
            guard holiday.date.year == listYear else {
                throw CalendarError(file: file, field: nil, message: "\(holiday.date) is not in \(listYear): import one year's list at a time")
            }
            guard seen.insert(holiday.date).inserted else {
                throw CalendarError(file: file, field: nil, message: "\(holiday.date) is listed twice")
            }
        }
        for fixed in WorkCalendar.fixedHolidays where !seen.contains(LocalDate(year: listYear, month: fixed.month, day: fixed.day)!) {
            throw CalendarError(file: file, field: nil, message: "\(listYear)-\(fixed.month < 10 ? "0" : "")\(fixed.month)-\(fixed.day < 10 ? "0" : "")\(fixed.day) "
                + "(\(fixed.name)) is missing: every SKB lists it, so this is not a whole year's list")
        }
        return WorkCalendar.HolidaysFile(year: listYear, source: givenSource ?? "imported from \(file)",
                                         days: days.sorted { $0.date < $1.date })
    }

    private static func decodeImported<T: Decodable>(_ data: Data, file: String) throws(CalendarError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            let (field, problem) = error.explained(reading: data)
            throw CalendarError(file: file, field: field, message: problem)
        } catch {
            throw CalendarError(file: file, field: nil, message: "\(error)")
        }
    }
}
