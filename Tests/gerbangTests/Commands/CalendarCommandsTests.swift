import Foundation
import GatewayCore
import GatewayTestSupport
import Testing

/// `gerbang calendar import` and `show`: a year's SKB list into the configuration, and what it makes of a year.
@Suite struct CalendarCommandsTests {
    func configCopy() throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        let config = folder.url.appendingPathComponent("config")
        try FileManager.default.copyItem(at: RepositoryFiles.root.appendingPathComponent("config"), to: config)
        return (folder, config.path)
    }

    let list = """
        2027-01-01,Tahun Baru 2027 Masehi
        2027-03-09,Cuti Bersama Idul Fitri 1448 H
        2027-05-01,Hari Buruh Internasional
        2027-06-01,Hari Lahir Pancasila
        2027-08-17,Proklamasi Kemerdekaan Republik Indonesia
        2027-12-25,Kelahiran Yesus Kristus
        """

    @Test func aYearWithoutItsListIsPartialUntilItIsImported() throws {
        let (folder, config) = try configCopy()
        let before = try GerbangProcess.run(["calendar", "show", "2027", "--config", config, "--json"])
        #expect(before.status == 0)
        let partial = try #require(try GerbangProcess.json(before) as? [String: Any])
        #expect(partial["coverage"] as? String == "partial" && (partial["days"] as? [Any])?.count == 5)

        try list.write(toFile: folder.path("skb-2027.csv"), atomically: true, encoding: .utf8)
        let imported = try GerbangProcess.run(["calendar", "import", folder.path("skb-2027.csv"), "--source", "SKB uji 2027", "--config", config])
        #expect(imported.status == 0 && imported.stdout.contains("reload the gateway"))
        let after = try #require(try GerbangProcess.json(try GerbangProcess.run(["calendar", "show", "2027", "--config", config, "--json"]))
            as? [String: Any])
        #expect(after["coverage"] as? String == "complete" && after["source"] as? String == "SKB uji 2027")

        let again = try GerbangProcess.run(["calendar", "import", folder.path("skb-2027.csv"), "--config", config])
        #expect(again.status == 1 && again.stderr.contains("--replace"))
    }

    @Test func aRangeOfOtherOfficeHoursAndALocalHolidayAreImportedIntoTheCalendar() throws {
        let (folder, config) = try configCopy()
        let ramadan = #"""
            {"from": "2027-02-08", "to": "2027-03-09", "name": "Jam kerja bulan Ramadan 1448 H", "basis": "SE MenPANRB uji",
             "week": {"monday": ["08:00-15:00"], "friday": ["08:00-11:30", "13:00-15:30"]}}
            """#
        try ramadan.write(toFile: folder.path("ramadan.json"), atomically: true, encoding: .utf8)
        let imported = try GerbangProcess.run(["calendar", "import", folder.path("ramadan.json"), "--config", config])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Jam kerja bulan Ramadan 1448 H, 2027-02-08 to 2027-03-09"))
        let written = try JSONValue.decode(Data(contentsOf: URL(fileURLWithPath: config + "/calendar/office-hours.json")))
        let exception = try #require(written.field("exceptions")?.array?.first)
        #expect(exception.field("week")?.field("monday")?.array?.map(\.text) == ["08:00-15:00"])
        #expect(written.field("week")?.field("monday")?.array?.count == 2)  // the usual week is kept as it was
        // The same dates again are kept unless replaced; overlapping dates are refused and nothing is written.
        #expect(try GerbangProcess.run(["calendar", "import", folder.path("ramadan.json"), "--config", config]).stderr.contains("--replace"))
        try ramadan.replacingOccurrences(of: "2027-02-08", with: "2027-02-01").replacingOccurrences(of: "2027-03-09", with: "2027-02-10")
            .write(toFile: folder.path("overlap.json"), atomically: true, encoding: .utf8)
        let overlap = try GerbangProcess.run(["calendar", "import", folder.path("overlap.json"), "--config", config])
        #expect(overlap.status == 1 && overlap.stderr.contains("overlaps"))
        let after = try JSONValue.decode(Data(contentsOf: URL(fileURLWithPath: config + "/calendar/office-hours.json")))
        #expect(after.field("exceptions")?.array?.count == 1)
        let year = try #require(try GerbangProcess.json(try GerbangProcess.run(["calendar", "show", "2027", "--config", config, "--json"]))
            as? [String: Any])
        #expect((year["otherHours"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Jam kerja bulan Ramadan 1448 H"])

        // A city's anniversary (libur daerah) in the year's list closes the office that day.
        try (list + "\n2027-09-25,Hari Jadi Kota Pekalongan,libur daerah").write(toFile: folder.path("skb-2027.csv"), atomically: true, encoding: .utf8)
        let withLocal = try GerbangProcess.run(["calendar", "import", folder.path("skb-2027.csv"), "--config", config, "--json"])
        #expect(try (GerbangProcess.json(withLocal) as? [String: Any])?["localHolidays"] as? Int == 1)
        let shown = try #require(try GerbangProcess.json(try GerbangProcess.run(["calendar", "show", "2027", "--config", config, "--json"]))
            as? [String: Any])
        #expect((shown["days"] as? [[String: Any]])?.contains { $0["date"] as? String == "2027-09-25" && $0["kind"] as? String == "local" } == true)
    }

    @Test func aBrokenListIsRefusedNamingTheProblemAndWritesNothing() throws {
        let (folder, config) = try configCopy()
        try list.replacingOccurrences(of: "2027-08-17,Proklamasi Kemerdekaan Republik Indonesia\n", with: "")
            .write(toFile: folder.path("skb.csv"), atomically: true, encoding: .utf8)
        let refused = try GerbangProcess.run(["calendar", "import", folder.path("skb.csv"), "--config", config])
        #expect(refused.status == 1 && refused.stderr.contains("2027-08-17"))
        #expect(!FileManager.default.fileExists(atPath: config + "/calendar/holidays-2027.json"))
    }
}
