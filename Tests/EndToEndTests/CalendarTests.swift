import Foundation
import GatewayCore
import GatewayDemo
import GatewayHTTP
import GatewayTestSupport
import NationalSystems
import Testing

/// A deadline beyond the calendar's known holidays is provisional, and moves when the year's SKB list arrives.
@Suite struct CalendarTests {
    @Test func aDeadlineIn2027IsProvisionalUntilTheListArrivesThenItMovesOnReload() throws {
        let folder = try TemporaryFolder()
        let config = folder.url.appendingPathComponent("config")
        try FileManager.default.copyItem(at: RepositoryFiles.root.appendingPathComponent("config"), to: config)
        // Thursday 31 December 2026, 15:55: a 60-minute step has 5 minutes today, then New Year and a weekend.
        let clock = SteppedClock(try #require(ISO8601DateFormatter().date(from: "2026-12-31T15:55:00+07:00")))
        var options = RigFixture.options(folder: folder)
        options.configFolder = config.path
        options.clock = clock
        let rig = try Rig(options)
        defer { rig.stop() }
        for system in ["oss", "siinas"] {
            try rig.admin(system, .post, "scenario", ["name": "verifikasi-teknis-izin-usaha-industri", "emit": true])
        }
        func task() throws -> JSONValue? {
            try JSONValue.decode(Data(rig.api(.get, "/api/cases").requireSuccess().body)).field("cases")?.array?.first
        }
        #expect(Eventually.holds { (try? task()?.field("step")) == 2 })
        let waiting = try #require(try task())
        #expect(waiting.field("deadline") == "2027-01-04T08:25:00+07:00" && waiting.field("deadlineProvisional") == true)
        let caseID = try #require(waiting.field("id")?.text)
        #expect(String(decoding: try rig.api(.get, "/kasus/\(caseID)").body, as: UTF8.self).contains("data-field=\"provisional\""))

        // The 2027 list arrives, with 4 January closed (a day this test makes up), and the gateway reloads.
        var list = ["2027-01-01,Tahun Baru 2027 Masehi", "2027-01-04,Cuti bersama (dibuat untuk uji)", "2027-05-01,Hari Buruh Internasional",
                    "2027-06-01,Hari Lahir Pancasila", "2027-08-17,Proklamasi Kemerdekaan Republik Indonesia", "2027-12-25,Kelahiran Yesus Kristus"]
        list[1] += ",cutiBersama"
        let imported = try WorkCalendar.HolidaysFile.imported(list.joined(separator: "\n"), file: "uji.csv", source: "uji")
        try imported.fileText.write(to: config.appendingPathComponent("calendar/holidays-2027.json"), atomically: true, encoding: .utf8)
        try rig.gateway.reload(environment: Rig.environment(options, mocks: rig.mocks))

        let moved = try #require(try task())
        #expect(moved.field("deadline") == "2027-01-05T08:25:00+07:00" && moved.field("deadlineProvisional") == false)
        let history = try JSONValue.decode(Data(rig.api(.get, "/api/cases/\(caseID)").requireSuccess().body)).field("case")?.field("history")?.array ?? []
        #expect(history.last?.field("event") == "deadlineMoved" && history.last?.field("deadline") == "2027-01-05T08:25:00+07:00")
        // The sweeper's row moved too: nothing is due on the old deadline.
        clock.advance(4 * 86_400)  // Monday 4 January 15:55, past the old deadline
        let pending = try rig.gateway.runtime.read { try $0.cases.pendingDeadlines(dueBy: clock.now(), limit: 10) }
        #expect(pending.isEmpty)
    }
}
