import Foundation
import GatewayCore
import GatewayStore
import NationalSystems
import Testing
@testable import GatewayDaemon

@Suite struct InboundRouterTests {
    func route(_ message: InboundMessage, _ fixture: ProcessorFixture) throws -> (cases: [String], work: [FollowUp]) {
        try fixture.job { unit in try fixture.processor.router.route(RoutedMessage(message), in: unit) }
    }

    @Test func aMessageSettlesItsCommitmentThenGoesToTheStepsItsCaseAwaits() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        let routed = try route(ProcessorFixture.siinas("N-1", "data_industri.dipenuhi"), fixture)
        #expect(routed.cases == ["IP-2026-000001"])
        #expect(routed.work.map(\.text) == ["settle I-1 industryData fulfilled", "deliver siinas.industryDataFulfilled to IP-2026-000001"])
        #expect(try fixture.database.caseKeys.caseID(for: "siinas:VT-1") == "IP-2026-000001")  // its other key now finds the case
    }

    @Test func aMessageForNoCaseYetIsParkedUnderItsKey() throws {
        let fixture = try ProcessorFixture()
        let routed = try route(ProcessorFixture.siinas("N-1", "data_industri.dipenuhi"), fixture)
        #expect(routed.cases.isEmpty && routed.work.map(\.text).last == "log siinas.data_industri.dipenuhi parked")
        #expect(try fixture.database.parked.parked(caseID: "key:izin:I-1").count == 1)
    }

    @Test func aStepMessageIsParkedUnderTheCaseUntilItsStepAndIgnoredOnceTheCaseEnded() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())  // at step 2, awaiting SIINas's verification request
        let early = RoutedMessage(try ProcessorFixture.siinas("N-2", "data_industri.dipenuhi")).carrying("siinas.industryDataFulfilled")
        let parked = try fixture.job { unit in try fixture.processor.router.deliver(early, to: "IP-2026-000001", in: unit) }
        #expect(try parked.isEmpty && fixture.database.parked.parked(caseID: "IP-2026-000001").map(\.message) == ["siinas.industryDataFulfilled"])
        _ = try fixture.receive(ProcessorFixture.siinas("N-9", "oss.dinotifikasi", data: ["kd_status": "93", "hasil": "belum_siap"]))
        let late = try fixture.job { unit in try fixture.processor.router.deliver(early, to: "IP-2026-000001", in: unit) }
        #expect(late.isEmpty)
        #expect(try fixture.database.syncLog.list(.init()).last?.error == "case IP-2026-000001 has ended: siinas.industryDataFulfilled changes nothing")
    }
}
