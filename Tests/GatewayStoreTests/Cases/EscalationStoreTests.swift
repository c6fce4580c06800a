import Foundation
import GatewayCore
import GatewayTestSupport
import Testing
@testable import GatewayStore

@Suite struct EscalationStoreTests {
    let fixture: GatewayDatabaseFixture
    var escalations: EscalationStore { fixture.database.escalations }
    let now = StoreFixtures.monday

    init() throws {
        fixture = try GatewayDatabaseFixture()
    }

    func escalation(_ caseID: String, step: Int, to: String? = "kadis") -> EscalationStore.Escalation {
        .init(caseID: caseID, step: step, role: "kabid", escalatedTo: to, deadline: now, at: now + 60)
    }

    @Test func escalationsAreListedInTheOrderRecordedAllOrOneCases() throws {
        try escalations.record(escalation("k-1", step: 1))
        try escalations.record(escalation("k-2", step: 1, to: nil))
        try escalations.record(escalation("k-1", step: 2))
        #expect(try escalations.list() == [escalation("k-1", step: 1), escalation("k-2", step: 1, to: nil), escalation("k-1", step: 2)])
        #expect(try escalations.list(caseID: "k-1").map(\.step) == [1, 2])
        #expect(try escalations.list(caseID: "k-2").first?.escalatedTo == nil)  // no role above: recorded all the same
    }

    @Test func breachesAreCountedPerSOPAndStepOfTheirCases() throws {
        for id in ["k-1", "k-2"] { try fixture.database.cases.save(StoreFixtures.engine.open(caseID: id, at: now)) }
        try escalations.record(escalation("k-1", step: 1))
        try escalations.record(escalation("k-2", step: 1))
        try escalations.record(escalation("k-2", step: 2))
        let counts = try escalations.countsByStep()
        #expect(counts.map { "\($0.sop) \($0.step) \($0.count)" } == ["contoh 1 2", "contoh 2 1"])
    }
}
