import Foundation
import GatewayCore
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

/// A case page's timeline: one segment per step activation, from its start to what ended it.
@Suite struct CasePageTests {
    @Test func eachActivationRunsFromItsStartToWhatEndedIt() throws {
        let calendar = try RepositoryFiles.calendar()
        let engine = WorkflowEngine(definition: try RepositoryFiles.definition("rekomendasi-izin-usaha-industri"), calendar: calendar)
        let start = calendar.instant(LocalDate(year: 2026, month: 12, day: 17)!, seconds: 9 * 3600)
        var current = engine.open(caseID: "RK-1", at: start).case
        let kabid = Officer(id: "siti", roles: ["kabid"])
        current = try engine.handle(.attach(step: 1, by: kabid, documents: ["disposisi.pdf"]), on: current, at: start + 60).case
        current = try engine.handle(.complete(step: 1, by: kabid, note: "ke tim teknis"), on: current, at: start + 1200).case

        let segments = CasePage.segments(current.history)
        #expect(segments.map(\.step) == [1, 2])
        #expect(segments[0].startedAt == start && segments[0].endedAt == start + 1200)
        #expect(segments[0].deadline == start + 600)  // 10 menit: the page marks it late
        #expect(segments[0].actor.contains("siti") && segments[0].note == "ke tim teknis")
        #expect(segments[0].documents == ["disposisi.pdf"])
        #expect(segments[1].endedAt == nil)  // under way
    }
}
