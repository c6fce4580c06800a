import Foundation
import GatewayCore
import GatewayStore
import NationalSystems
import Testing
@testable import GatewayDaemon

@Suite struct EffectApplierTests {
    @Test func theApplierWritesAStepsDeadlineRowAndCancelsItWhenTheStepIsDone() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib(kdIzin: "030000000021", expansion: false))  // Rekomendasi: step 1, 10 minutes
        let far = fixture.now + 86_400 * 60
        #expect(try fixture.database.cases.pendingDeadlines(dueBy: far).map(\.step) == [1])
        try fixture.job { unit in
            _ = try fixture.processor.decide(.init(step: 1), on: "RK-2026-000001", by: .init(officer: "siti", roles: ["kabid"]), in: unit)
        }
        #expect(try fixture.database.cases.pendingDeadlines(dueBy: far).map(\.step) == [2])
    }

    @Test func aTransitionHandsOnTheStatutoryClockAndTheParkedMessagesOfItsActiveCase() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib(kdIzin: "030000000021", expansion: false))
        let work = try fixture.job { unit -> [FollowUp] in
            let current = try #require(try unit.loadCase("RK-2026-000001"))
            let engine = try #require(fixture.processor.procedures.engine(of: current))
            let transition = try engine.transition(.complete(step: 1, by: Officer(id: "siti", roles: ["kabid"])), on: current, at: unit.now)
            return try fixture.processor.effects.apply(transition, in: unit)
        }
        #expect(work.map(\.text) == ["clock RK-2026-000001", "drain RK-2026-000001"])
    }

    @Test func aWithdrawalClosesTheSIINasRequestOnlyWhileThereIsOneUndecided() throws {
        let kadis = Secrets.RoleToken(officer: "budi", roles: ["kadis"])
        func siinasMessages(_ fixture: ProcessorFixture) throws -> [String] {
            try fixture.database.outbox.list(limit: 20).filter { $0.target == "siinas" }.map(\.request.path)
        }
        // SOP 000 before the application came through SIINas: no request to close, and the log says so.
        let early = try ProcessorFixture()
        _ = try early.receive(ProcessorFixture.nib(kdIzin: "030000000001", expansion: false))
        try early.job { unit in _ = try early.processor.withdraw("VT-2026-000001", reason: "Pemohon membatalkan", by: kadis, in: unit) }
        #expect(try early.caseTask("VT-2026-000001").outcome == .withdrawn)
        #expect(try siinasMessages(early).isEmpty)
        #expect(try early.database.syncLog.list(.init()).contains { $0.method == "siinas.close" && $0.outcome == "skipped" })
        // Once the application came: SIINas closes the request, with the reason.
        let later = try ProcessorFixture()
        _ = try later.receive(ProcessorFixture.nib(kdIzin: "030000000001", expansion: false))
        _ = try later.receive(ProcessorFixture.siinas("N-1", "verifikasi_teknis.diajukan"))
        try later.job { unit in _ = try later.processor.withdraw("VT-2026-000001", reason: "Pemohon membatalkan", by: kadis, in: unit) }
        #expect(try siinasMessages(later) == ["/api/v1/verifikasi-teknis/VT-1/penutupan"])
    }

    @Test func aCaseThatEndsHandsItsEndToItsCommitmentsAndDrainsNothing() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        let work = try fixture.job { unit -> [FollowUp] in
            let current = try #require(try unit.loadCase("IP-2026-000001"))
            let engine = try #require(fixture.processor.procedures.engine(of: current))
            let transition = try engine.transition(.close(outcome: .rejected, reason: "test"), on: current, at: unit.now)
            return try fixture.processor.effects.apply(transition, in: unit)
        }
        #expect(work.map(\.text) == ["ended IP-2026-000001 rejected", "clock IP-2026-000001"])
    }

    @Test func aStepThatSendsQueuesItsMessageAndLogsItQueued() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.recommendationLetterQueued()
        let queued = try fixture.database.outbox.list(limit: 10).filter { $0.target == "dpmptsp" }
        #expect(queued.count == 1 && queued.first?.request.path == "/api/v1/surat-masuk")
        #expect(try fixture.database.syncLog.list(.init()).contains { $0.system == "dpmptsp" && $0.outcome == "queued" })
    }
}
