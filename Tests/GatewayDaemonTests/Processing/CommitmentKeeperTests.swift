import Foundation
import GatewayCore
import GatewayStore
import NationalSystems
import Testing
@testable import GatewayDaemon

@Suite struct CommitmentKeeperTests {
    func caseEnded(_ outcome: Outcome, _ fixture: ProcessorFixture) throws -> [FollowUp] {
        try fixture.job { unit in
            let ended = try #require(try unit.loadCase("IP-2026-000001"))
            return try fixture.processor.commitments.caseEnded(ended, outcome: outcome, reason: nil, in: unit)
        }
    }

    @Test func anApprovedCaseFulfilsWhatIsStillPendingARevokedOneSettlesNothing() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        #expect(try caseEnded(.approved, fixture).map(\.text) == ["settle I-1 industryData fulfilled", "settle I-1 technicalVerification fulfilled"])
        #expect(try caseEnded(.rejected, fixture).map(\.text) == ["settle I-1 industryData failed", "settle I-1 technicalVerification failed"])
        #expect(try caseEnded(.revoked, fixture).isEmpty)  // OSS revoked the NIB: nothing left to settle nor to tell
    }

    @Test func aSettlementIsRecordedOnceAndHandsOnWhatTheCommitmentsBecame() throws {
        let fixture = try ProcessorFixture(environment: ["GERBANG_AGENCY_AUTHORITY": "licensing"])
        _ = try fixture.receive(ProcessorFixture.nib())
        let settle = { (kind: CommitmentKind) in
            try fixture.job { unit in
                try fixture.processor.commitments.settle(Settlement(idIzin: "I-1", kind: kind, fulfilled: true, evidence: "N-1", reason: nil), in: unit)
            }
        }
        #expect(try settle(.industryData).isEmpty)  // one of two met: nothing changes for the permit yet
        #expect(try settle(.industryData).isEmpty)
        #expect(try settle(.technicalVerification).map(\.text) == ["permit I-1 becameEffective"])
        let logged = try fixture.database.syncLog.list(.init()).filter { $0.method.hasPrefix("komitmen.") }
        #expect(logged.map(\.method) == ["komitmen.industryData", "komitmen.technicalVerification"])
    }

    @Test func aPermitThatStaysNotEffectiveClosesItsCaseAndALicensingAuthorityTellsOSS() throws {
        let fixture = try ProcessorFixture(environment: ["GERBANG_AGENCY_AUTHORITY": "licensing"])
        _ = try fixture.receive(ProcessorFixture.nib())
        let work = try fixture.job { unit in
            let record = try #require(try unit.database.permits.permit("I-1"))
            return try fixture.processor.commitments.permitEffect(.stayedNotEffective(idIzin: "I-1", reason: "BAP belum siap"), record: record, in: unit)
        }
        #expect(work.map(\.text) == ["transition IP-2026-000001"])
        #expect(try fixture.database.outbox.message("I-1/status/52") != nil)
    }
}
