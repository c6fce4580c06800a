import Foundation
import GatewayCore
import GatewayStore
import Testing
@testable import GatewayDaemon

@Suite struct SLASweeperTests {
    /// A Rekomendasi case (SOP 001), whose step 1 the Kabid has 10 minutes for.
    func fixtureWithARecommendation() throws -> (ProcessorFixture, SLASweeper, Locked<[String]>) {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib(kdIzin: "030000000021", expansion: false))
        let reported = Locked<[String]>([])
        let sweeper = SLASweeper(ledger: FixtureLedger(fixture), intervalMilliseconds: 1000) { message in reported.withLock { $0.append(message.description) } }
        return (fixture, sweeper, reported)
    }

    @Test func aDeadlineThatPassedWhileNobodySweptIsEscalatedAtTheNextSweepOnce() throws {
        let (fixture, sweeper, reported) = try fixtureWithARecommendation()
        fixture.now += 3600
        #expect(sweeper.runOnce() == false)
        #expect(sweeper.runOnce() == false)
        let escalations = try fixture.database.escalations.list()
        #expect(escalations.map(\.role) == ["kabid"] && escalations.first?.escalatedTo == "kadis")
        #expect(reported.withLock { $0 }.isEmpty)
    }

    @Test func aDeadlineRowWhoseStepWasLeftIsSetAsideAndTheOthersAreStillSwept() throws {
        let (fixture, sweeper, reported) = try fixtureWithARecommendation()
        // A row left pending for an activation the case no longer has (its cancel never reached the row).
        try fixture.database.cases.scheduleDeadline(caseID: "RK-2026-000001", step: 1, activation: 99, at: fixture.now + 60)
        fixture.now += 3600
        #expect(sweeper.runOnce() == false)
        #expect(reported.withLock { $0 }.isEmpty)  // the sweep job committed
        #expect(try fixture.database.cases.pendingDeadlines(dueBy: fixture.now + 86_400 * 30).isEmpty)
        #expect(try fixture.database.escalations.list().count == 1)
    }
}
