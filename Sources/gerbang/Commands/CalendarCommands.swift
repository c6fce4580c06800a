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

        let year: Int
        /// complete or partial.
        let coverage: String
        let source: String?
        let days: [Day]
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
        let view = View(year: year, coverage: calendar.isComplete(year: year) ? "complete" : "partial", source: source, days: days,
                        workingDays: working)
        if arguments.has("--json") {
            try console.json(view)
            return 0
        }
        console.out(view.coverage == "complete"
            ? "\(year): complete, from \(source ?? "its holidays file")"
            : "\(year): PARTIAL: no SKB list in \(directory.path)/calendar; only the fixed-date national holidays are known and deadlines in \(year) are provisional (gerbang calendar import FILE)")
        TextTable.render(header: ["DATE", "DAY", "KIND", "NAME"], rows: days.map { [$0.date, $0.weekday, $0.kind, $0.name] }, rightAligned: [])
            .forEach(console.out)
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
        there. An existing file of that year is kept unless --replace.
          --source TEXT  the decree the list comes from ("SKB … Nomor … Tahun …")
          --year YEAR    the year, when the file does not say it
          --replace      overwrite the year's file
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
        let list = try WorkCalendar.HolidaysFile.imported(String(decoding: data, as: UTF8.self), file: file, year: year,
                                                          source: arguments.option("--source"))
        let directory = try Common.config(arguments)
        let target = "\(directory.path)/calendar/holidays-\(list.year).json"
        if FileManager.default.fileExists(atPath: target), !arguments.has("--replace") {
            throw FailureError(message: "gerbang calendar import: \(target) already exists: pass --replace to overwrite it")
        }
        // The whole calendar must still load with the new year in it before the file is written.
        let staged = FileManager.default.temporaryDirectory.appendingPathComponent("gerbang-calendar-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: staged.appendingPathComponent("calendar"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staged) }
        for name in try FileManager.default.contentsOfDirectory(atPath: "\(directory.path)/calendar") where name.hasSuffix(".json") {
            try FileManager.default.copyItem(atPath: "\(directory.path)/calendar/\(name)", toPath: staged.appendingPathComponent("calendar/\(name)").path)
        }
        let stagedFile = staged.appendingPathComponent("calendar/holidays-\(list.year).json")
        try? FileManager.default.removeItem(at: stagedFile)
        try Data(list.fileText.utf8).write(to: stagedFile)
        _ = try ConfigDirectory(path: staged.path).loadCalendar()
        try Data(list.fileText.utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
        let national = list.days.filter { $0.kind == .national }.count
        if arguments.has("--json") {
            try console.json(JSONValue.object(["file": .string(target), "year": .integer(list.year), "nationalHolidays": .integer(national),
                                               "cutiBersama": .integer(list.days.count - national), "source": .string(list.source)]))
            return 0
        }
        console.out("\(target): \(list.year) complete, \(national) national holidays and \(list.days.count - national) days of cuti bersama (\(list.source))")
        console.out("reload the gateway (systemctl reload gerbang, or SIGHUP) to move the deadlines of active steps")
        return 0
    }
}
