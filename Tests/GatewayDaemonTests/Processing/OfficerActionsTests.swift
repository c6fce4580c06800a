import Foundation
import GatewayCore
import GatewayStore
import Testing
@testable import GatewayDaemon

@Suite struct OfficerActionsTests {
    let kabid = Secrets.RoleToken(officer: "siti", roles: ["kabid"])

    func recommendation() throws -> ProcessorFixture {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib(kdIzin: "030000000021", expansion: false))  // step 1 is the Kabid's
        return fixture
    }

    @Test func aDecisionBecomesTheStepsTransitionAndThenItsLogEntry() throws {
        let fixture = try recommendation()
        let work = try fixture.job { unit in try fixture.processor.officers.decide(.init(step: 1, note: "lengkap"), on: "RK-2026-000001", by: kabid, in: unit) }
        #expect(work.map(\.text) == ["transition RK-2026-000001", "log decision accepted"])
    }

    @Test func aStepOutOfTurnOrAnEndedCaseIsRefusedSayingWhy() throws {
        let fixture = try recommendation()
        #expect(throws: ProcessingError.refused(.stepNotActive(step: 2, activeStep: 1))) {
            try fixture.job { unit in try fixture.processor.officers.decide(.init(step: 2), on: "RK-2026-000001", by: kabid, in: unit) }
        }
        #expect(throws: ProcessingError.caseNotFound("RK-2026-000009")) {
            try fixture.job { unit in try fixture.processor.officers.decide(.init(step: 1), on: "RK-2026-000009", by: kabid, in: unit) }
        }
    }

    @Test func anAttachedDocumentIsKeptWithoutCompletingTheStep() throws {
        let fixture = try recommendation()
        let pdf = Data("%PDF-1.4\n%%EOF\n".utf8).base64EncodedString()
        let moved = try fixture.job { unit in
            try fixture.processor.attach(.init(name: "draft.pdf", contentType: "application/pdf", base64: pdf), step: 1, note: "draf",
                                         on: "RK-2026-000001", by: kabid, in: unit)
        }
        #expect(moved.activeStep?.step == 1)
        #expect(try fixture.database.documents.list(caseID: "RK-2026-000001").map(\.name) == ["draft.pdf"])
    }

    @Test func aReturnWhereTheSOPHasNoneIsRefusedSayingSo() throws {
        let fixture = try recommendation()
        #expect {
            try fixture.job { unit in
                try fixture.processor.officers.decide(.init(step: 1, note: "NPWP tidak terbaca", returnIncomplete: true), on: "RK-2026-000001", by: kabid,
                                                      in: unit)
            }
        } throws: { error in
            (error as? ProcessingError)?.description == "step 1 cannot send the application back to the applicant: its SOP does not allow it there"
        }
    }
}
