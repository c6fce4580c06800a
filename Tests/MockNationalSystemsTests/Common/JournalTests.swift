import Foundation
import GatewayHTTP
import NationalSystems
import Testing
@testable import MockNationalSystems

@Suite struct JournalTests {
    @Test func everyRequestIsJournalledWithSecretsMasked() throws {
        let fixture = try MockFixture(["oss"])
        _ = try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": "I-x"]])
        let page = try fixture.admin("oss", .get, "journal?direction=received").decodeJSON(JournalPage.self)
        #expect(page.dropped == 0)
        let entries = page.entries
        let entry = try #require(entries.last)
        #expect(entry.method == "POST" && entry.target == "/v1/kl/rba/checkLicenseStatus")
        #expect(entry.status == 400)
        #expect(entry.headers.contains(["user_key", "***"]))
        #expect(!entry.headers.flatMap { $0 }.contains(MockSettings().ossUserKey))
        #expect(entry.body.contains("CHECKLICENSESTATUS"))
    }

    @Test func pushesAreJournalledAsSentAndTheJournalClears() throws {
        let fixture = try MockFixture(["oss"])
        try fixture.loadScenario("izin-perluasan", emit: true, into: ["oss"])
        let sent = fixture.server("oss").context.journal.entries(direction: .sent)
        #expect(sent.count == 1)
        #expect(sent.first?.target == fixture.receiver.url + "/oss/receiveNIB")
        #expect(sent.first?.headers.contains(["Token", "***"]) == true)
        #expect(sent.first?.status == 200)
        try fixture.admin("oss", .delete, "journal").requireSuccess()
        #expect(fixture.server("oss").context.journal.entries().isEmpty)
    }

    func record(_ numbers: ClosedRange<Int>, in journal: Journal) {
        for number in numbers {
            journal.record(.received, method: "POST", target: "/v1/kl/rba/checkNIB", headers: [:], body: Array("\(number)".utf8), status: 200)
        }
    }

    @Test func aFullJournalLetsTheOldestGoAndSaysHowManySoAJudgementKnowsItIsIncomplete() {
        let journal = Journal(clock: MockClock(), capacity: 3)
        record(1...3, in: journal)
        #expect(journal.dropped == 0)
        record(4...5, in: journal)
        #expect(journal.dropped == 2)
        #expect(journal.entries().map(\.body) == ["3", "4", "5"])
        #expect(journal.entries().first?.sequence == 3)
    }

    @Test func clearingTheJournalDropsNothing() {
        let journal = Journal(clock: MockClock(), capacity: 3)
        record(1...2, in: journal)
        journal.clear()
        #expect(journal.dropped == 0 && journal.entries().isEmpty)
    }
}
