import Foundation
import GatewayCore
import GatewayDaemon

/// `gerbang calendar show YEAR`: a year's closed days, and whether its SKB list is in the calendar.
enum CalendarShowCommand: Command {
    static let name = "calendar show"
    static let summary = "show a year's holidays and cuti bersama, and whether the year's SKB list is known"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--config"]
    static let help = """
        usage: gerbang calendar show YEAR [--json] [--config DIR]

        Lists the weekdays the office is closed in YEAR. A year whose SKB list (the joint
        decree of the Ministers of Religious Affairs, Manpower and PANRB) is in
        config/calendar is complete; any other is partial: only its fixed-date national
        holidays (1 January, 1 May, 1 June, 17 August, 25 December) are known, and every
        deadline falling in it is provisional until 'gerbang calendar import' brings the list.
        \(Common.jsonHelp)
        \(Common.configHelp)

        example: gerbang calendar show 2027
        """

    struct View: Encodable {
        struct Day: Encodable {
            let date: String
            let weekday: String
            let name: String
            let kind: String
        }

        struct Hours: Encodable {
            let from: String
            let to: String
            let name: String
            let basis: String?
        }

        let year: Int
        /// complete or partial.
        let coverage: String
        let source: String?
        let days: [Day]
        /// Ranges of the year with other office hours (office-hours.json exceptions).
        let otherHours: [Hours]
        /// Weekdays with office hours, after the closed days.
        let workingDays: Int
    }

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let text = try arguments.positionals("YEAR", command: name)[0]
        guard let year = Int(text), (2000...2200).contains(year) else { throw UsageError(command: name, message: "YEAR must be a year such as 2027") }
        let directory = try Common.config(arguments)
        let calendar = try directory.loadCalendar()
        let source = (try? Data(contentsOf: URL(fileURLWithPath: "\(directory.path)/calendar/holidays-\(year).json")))
            .flatMap { try? JSONDecoder().decode(WorkCalendar.HolidaysFile.self, from: $0) }?.source
        var days: [View.Day] = []
        var working = 0
        var date = LocalDate(year: year, month: 1, day: 1)!
        while date.year == year {
            if let holiday = calendar.holiday(on: date) {
                days.append(.init(date: date.description, weekday: date.weekday.rawValue, name: holiday.name, kind: holiday.kind.rawValue))
            }
            if calendar.isWorkingDay(date) { working += 1 }
            date = date.adding(days: 1)
        }
        let otherHours = calendar.exceptions.filter { $0.from.year <= year && year <= $0.to.year }.map {
            View.Hours(from: $0.from.description, to: $0.to.description, name: $0.name, basis: $0.basis)
        }
        let view = View(year: year, coverage: calendar.isComplete(year: year) ? "complete" : "partial", source: source, days: days,
                        otherHours: otherHours, workingDays: working)
        if arguments.has("--json") {
            try console.json(view)
            return 0
        }
        console.out(view.coverage == "complete"
            ? "\(year): complete, from \(source ?? "its holidays file")"
            : "\(year): PARTIAL: no SKB list in \(directory.path)/calendar; only the fixed-date national holidays are known and deadlines in \(year) are provisional (gerbang calendar import FILE)")
        TextTable.render(header: ["DATE", "DAY", "KIND", "NAME"], rows: days.map { [$0.date, $0.weekday, $0.kind, $0.name] }, rightAligned: [])
            .forEach(console.out)
        for hours in otherHours {
            console.out("other office hours \(hours.from) to \(hours.to): \(hours.name)" + (hours.basis.map { " (\($0))" } ?? ""))
        }
        console.out("\(working) working days")
        return 0
    }
}

/// `gerbang calendar import FILE`: a year's SKB list into config/calendar.
enum CalendarImportCommand: Command {
    static let name = "calendar import"
    static let summary = "add a year's SKB list of holidays and cuti bersama to config/calendar (CSV or JSON)"
    static let flags: Set<String> = ["--replace", "--json"]
    static let options: Set<String> = ["--config", "--year", "--source"]
    static let help = """
        usage: gerbang calendar import FILE [--source TEXT] [--year YEAR] [--replace] [--json] [--config DIR]

        Reads one year's national holidays and cuti bersama as the SKB sets them and writes
        config/calendar/holidays-YEAR.json. FILE is CSV, one day per line:
            2027-01-01,Tahun Baru 2027 Masehi,national
            2027-03-09,Cuti Bersama Idul Fitri 1448 H,cutiBersama
        (a header line is skipped; without a kind, a name starting "Cuti Bersama" is cuti
        bersama), or JSON: a holidays file like config/calendar/holidays-2026.json, or its
        days array. Every date must be in one year, once, and the fixed-date holidays must be
        there. A kind is national (libur nasional), cutiBersama (cuti bersama) or local (libur
        daerah: a holiday the region's head declares). An existing file of that year is kept
        unless --replace.

        FILE may instead give office hours for a range of dates (Ramadan hours, a Kepala Dinas's
        decision), added to config/calendar/office-hours.json:
            {"from": "2027-02-08", "to": "2027-03-09", "name": "Jam kerja bulan Ramadan 1448 H",
             "basis": "SE MenPANRB …", "week": {"monday": ["08:00-15:00"], "friday": ["08:00-15:30"]}}
        (or {"exceptions": [...]}). The weekdays it lists take its hours; the others keep theirs.
        A range with the same dates is kept unless --replace; overlapping ranges are refused.
          --source TEXT  the decree the list comes from ("SKB … Nomor … Tahun …")
          --year YEAR    the year, when the file does not say it
          --replace      overwrite the year's file (or the range with the same dates)
        \(Common.configHelp)

        Then reload the gateway (systemctl reload gerbang, or SIGHUP): the deadlines of active
        steps are computed again with the new list, each move kept in its case's history.

        example: gerbang calendar import skb-2027.csv --source "SKB Nomor … Tahun 2026"
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let file = try arguments.positionals("FILE", command: name)[0]
        guard let data = FileManager.default.contents(atPath: file) else {
            throw FailureError(message: "gerbang calendar import: \(file) cannot be read")
        }
        var year: Int?
        if let given = arguments.option("--year") {
            guard let parsed = Int(given) else { throw UsageError(command: name, message: "--year must be a year such as 2027") }
            year = parsed
        }
        let text = String(decoding: data, as: UTF8.self)
        let directory = try Common.config(arguments)
        if let exceptions = try WorkCalendar.OfficeHoursFile.importedExceptions(text, file: file) {
            return try importHours(exceptions, into: directory, arguments: arguments, console: console)
        }
        let list = try WorkCalendar.HolidaysFile.imported(text, file: file, year: year, source: arguments.option("--source"))
        let target = "\(directory.path)/calendar/holidays-\(list.year).json"
        if FileManager.default.fileExists(atPath: target), !arguments.has("--replace") {
            throw FailureError(message: "gerbang calendar import: \(target) already exists: pass --replace to overwrite it")
        }
        try write(list.fileText, to: "holidays-\(list.year).json", in: directory)
        let count = { (kind: Holiday.Kind) in list.days.filter { $0.kind == kind }.count }
        if arguments.has("--json") {
            try console.json(JSONValue.object(["file": .string(target), "year": .integer(list.year), "nationalHolidays": .integer(count(.national)),
                                               "cutiBersama": .integer(count(.cutiBersama)), "localHolidays": .integer(count(.local)),
                                               "source": .string(list.source)]))
            return 0
        }
        console.out("\(target): \(list.year) complete, \(count(.national)) national holidays, \(count(.cutiBersama)) days of cuti bersama"
                    + (count(.local) > 0 ? " and \(count(.local)) local holidays" : "") + " (\(list.source))")
        console.out("reload the gateway (systemctl reload gerbang, or SIGHUP) to move the deadlines of active steps")
        return 0
    }

    /// Adds ranges of other office hours to office-hours.json; one with the same dates is replaced only with --replace.
    private static func importHours(_ exceptions: [WorkCalendar.OfficeHoursFile.Exception], into directory: ConfigDirectory,
                                    arguments: Arguments, console: Console) throws -> Int32 {
        let target = "\(directory.path)/calendar/office-hours.json"
        guard let data = FileManager.default.contents(atPath: target) else {
            throw FailureError(message: "gerbang calendar import: \(target) cannot be read")
        }
        var hours = try JSONDecoder().decode(WorkCalendar.OfficeHoursFile.self, from: data)
        var kept = hours.exceptions ?? []
        for exception in exceptions {
            if let same = kept.firstIndex(where: { $0.from == exception.from && $0.to == exception.to }) {
                guard arguments.has("--replace") else {
                    throw FailureError(message: "gerbang calendar import: \(target) already has hours from \(exception.from) to \(exception.to) "
                                       + "('\(kept[same].name)'): pass --replace to overwrite them")
                }
                kept.remove(at: same)
            }
            kept.append(exception)
        }
        hours.exceptions = kept
        try write(hours.fileText, to: "office-hours.json", in: directory)
        if arguments.has("--json") {
            try console.json(JSONValue.object(["file": .string(target), "exceptions": .integer(exceptions.count)]))
            return 0
        }
        for exception in exceptions {
            console.out("\(target): \(exception.name), \(exception.from) to \(exception.to)" + (exception.basis.map { " (\($0))" } ?? ""))
        }
        console.out("reload the gateway (systemctl reload gerbang, or SIGHUP) to move the deadlines of active steps")
        return 0
    }

    /// Writes a calendar file once the whole calendar loads with it in place (staged in a copy of the folder first).
    private static func write(_ text: String, to name: String, in directory: ConfigDirectory) throws {
        let staged = FileManager.default.temporaryDirectory.appendingPathComponent("gerbang-calendar-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: staged.appendingPathComponent("calendar"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staged) }
        for file in try FileManager.default.contentsOfDirectory(atPath: "\(directory.path)/calendar") where file.hasSuffix(".json") {
            try FileManager.default.copyItem(atPath: "\(directory.path)/calendar/\(file)", toPath: staged.appendingPathComponent("calendar/\(file)").path)
        }
        let stagedFile = staged.appendingPathComponent("calendar/\(name)")
        try? FileManager.default.removeItem(at: stagedFile)
        try Data(text.utf8).write(to: stagedFile)
        _ = try ConfigDirectory(path: staged.path).loadCalendar()
        try Data(text.utf8).write(to: URL(fileURLWithPath: "\(directory.path)/calendar/\(name)"), options: .atomic)
    }
}
