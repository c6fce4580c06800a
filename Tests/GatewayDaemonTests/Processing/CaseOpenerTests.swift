import Foundation
import GatewayCore
import GatewayStore
import NationalSystems
import Testing
@testable import GatewayDaemon

@Suite struct CaseOpenerTests {
    @Test func openingBindsTheKeyAndKeepsThePermitThenHandsOnTheCasesFirstTransition() throws {
        let fixture = try ProcessorFixture()
        let opened = try fixture.job { unit in try fixture.processor.opener.open(for: ProcessorFixture.nib(), in: unit) }
        #expect(opened.cases == ["IP-2026-000001"] && opened.notOurs.isEmpty)
        #expect(opened.work.map(\.text) == ["transition IP-2026-000001", "log case.opened opened"])
        #expect(try fixture.database.caseKeys.caseID(for: "izin:I-1") == "IP-2026-000001")
        #expect(try fixture.database.permits.permit("I-1")?.sop == "izin-perluasan")
        #expect(try fixture.database.cases.load("IP-2026-000001") == nil)  // saved only when the work is carried out
    }

    @Test func aPermitWithACaseAlreadyOpensNothingNew() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        let again = try fixture.job { unit in try fixture.processor.opener.open(for: ProcessorFixture.nib(), in: unit) }
        #expect(again.cases == ["IP-2026-000001"] && again.work.isEmpty)
    }

    @Test func aMessageThatCameBeforeItsCaseIsRoutedOnceTheCaseOpens() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.siinas("N-1", "verifikasi_teknis.diajukan", data: ["data_industri_terpenuhi": true]))
        #expect(try fixture.database.parked.count() == 1)
        let opened = try fixture.job { unit in try fixture.processor.opener.open(for: ProcessorFixture.nib(), in: unit) }
        #expect(opened.work.map(\.text).last == "route siinas.verifikasi_teknis.diajukan")
        #expect(try fixture.database.parked.count() == 0)
    }

    @Test func aChecklistItemForAnotherRegionIsLeftAloneWithWhyLoggedInTurn() throws {
        let fixture = try ProcessorFixture()
        let item: JSONValue = ["id_izin": "I-4", "kd_izin": "030000000012", "flag_checklist": "Y", "kd_daerah": "3201000000"]
        let message = try OSSInbound.read(Array(JSONValue.object(["dataNIB": ["nib": "812", "data_checklist": [item]]]).encoded()),
                                          method: .receiveNIB).message
        let opened = try fixture.job { unit in try fixture.processor.opener.open(for: message, in: unit) }
        #expect(opened.cases.isEmpty && opened.work.map(\.text) == ["log receiveNIB notOurs"])
        #expect(opened.notOurs.first?.hasPrefix("I-4: kd_daerah 3201000000 di luar wilayah dinas") == true)
    }
}
