import Foundation
import GatewayCore
import GatewayStore
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

/// The work list as an officer reads it: their steps late first with the seed's words, what waits on others apart,
/// and nothing an applicant wrote taken as markup.
@Suite struct DeskPageTests {
    static let kabid = PageAccess.Viewer(officer: .init(officer: "siti", roles: ["kabid"]), session: "s")

    /// A Rekomendasi case at `step`, opened by the engine for a company, `late` when its deadline passed.
    static func line(_ id: String, step: Int, company: String, secondsLeft: Int?) throws -> DeskPage.Line {
        let calendar = try RepositoryFiles.calendar()
        let definition = try RepositoryFiles.definition("rekomendasi-izin-usaha-industri")
        let engine = WorkflowEngine(definition: definition, calendar: calendar)
        let start = calendar.instant(LocalDate(year: 2026, month: 12, day: 17)!, seconds: 9 * 3600)
        var current = engine.open(caseID: id, applicant: company, at: start).case
        for number in 1..<step {
            current = try engine.handle(.complete(step: number, by: Officer(id: "x", roles: [definition.step(number)!.role]),
                                                  answer: definition.step(number)?.decision == nil ? nil : .yes), on: current, at: start).case
        }
        return DeskPage.Line(task: CaseTask(CaseSummary(current), definition: definition, calendar: calendar), company: DeskRoutesCompany.of(current),
                             sopTitle: definition.title, workingSecondsLeft: secondsLeft)
    }

    @Test func theOfficersStepsShowTheSeedsActivityTheCompanyAndTheTimeLeftWithMarkupEscaped() throws {
        let late = try Self.line("RK-2", step: 1, company: "PT <b>Tebal</b> & Co", secondsLeft: -3900)
        let page = DeskPage(mine: [late], waiting: [], sops: [("rekomendasi-izin-usaha-industri", "Rekomendasi")], sop: nil, page: 1)
            .render(viewer: Self.kabid)
        let activity = try RepositoryFiles.definition("rekomendasi-izin-usaha-industri").step(1)!.activity
        #expect(page.contains("Langkah 1: " + HTMLPage.escape(activity)))
        #expect(page.contains("PT &lt;b&gt;Tebal&lt;/b&gt; &amp; Co") && !page.contains("<b>Tebal</b>"))
        #expect(page.contains("lewat 1 jam 5 menit"))
        #expect(page.contains("href=\"/meja/kasus/RK-2\""))
        #expect(page.contains("<label for=\"sop\">SOP</label>"))  // every control has its label
    }

    @Test func whatWaitsOnTheApplicantOrASystemIsListedApartAsNobodysTask() throws {
        let definition = try RepositoryFiles.definition("izin-perluasan")
        let calendar = try RepositoryFiles.calendar()
        let engine = WorkflowEngine(definition: definition, calendar: calendar)
        let opened = engine.open(caseID: "IP-1", applicant: "PT Sawit", at: calendar.instant(LocalDate(year: 2026, month: 12, day: 17)!, seconds: 32_400)).case
        let waiting = DeskPage.Line(task: CaseTask(CaseSummary(opened), definition: definition, calendar: calendar), company: "PT Sawit",
                                    sopTitle: definition.title, workingSecondsLeft: nil)
        // Seed 002 step 1: the applicant applies in OSS.
        #expect(DeskPage.awaitedParty(waiting.task) == "menunggu pemohon")
        let page = DeskPage(mine: [], waiting: [waiting], sops: [], sop: nil, page: 1).render(viewer: Self.kabid)
        #expect(page.contains("Tidak ada langkah yang menunggu peran Anda") && page.contains("menunggu pemohon") && !page.contains("href=\"/meja/kasus/IP-1\""))
    }

    @Test func aLongListIsPagedTwentyAtATimeKeepingTheFilter() throws {
        let lines = try (1...25).map { try Self.line("RK-\($0)", step: 1, company: "PT \($0)", secondsLeft: $0 * 60) }
        let second = DeskPage(mine: lines, waiting: [], sops: [], sop: "rekomendasi-izin-usaha-industri", page: 2).render(viewer: Self.kabid)
        #expect(second.contains("RK-21") && !second.contains(">RK-20<"))
        #expect(second.contains("href=\"/meja?sop=rekomendasi-izin-usaha-industri&halaman=1\""))
    }
}

/// The company a case was opened for, as the desk reads it.
enum DeskRoutesCompany {
    static func of(_ current: Case) -> String? { GatewayRoutes.company(of: current) }
}
