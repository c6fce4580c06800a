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

    /// A PDF of `size` bytes, as an officer uploads it.
    func pdf(_ name: String, size: Int) -> OfficerDecision.Document {
        let bytes = Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 0x20, count: size - 16) + Array("\n%%EOF\n".utf8)
        return .init(name: name, contentType: "application/pdf", base64: Data(bytes).base64EncodedString())
    }

    @Test func aDocumentOverTheLimitOfTheSystemItGoesToIsRefusedWhenGivenNamingTheReceiver() throws {
        let fixture = try ProcessorFixture()
        try fixture.recommendationAtStep8()  // step 8 sends the letter to DPMPTSP, which takes 2 MB (docs/sipro-api.md)
        let office = ProcessorFixture.office
        for attempt in [{ unit in try fixture.processor.attach(self.pdf("besar.pdf", size: 2 * 1024 * 1024 + 1), step: 8, note: nil,
                                                             on: "RK-2026-000001", by: office, in: unit) },
                        { (unit: WorkUnit) in _ = try fixture.processor.decide(.init(step: 8, document: self.pdf("besar.pdf", size: 3 * 1024 * 1024)),
                                                                               on: "RK-2026-000001", by: office, in: unit) }] as [(WorkUnit) throws -> Void] {
            #expect { try fixture.job(attempt) } throws: { error in
                (error as? ProcessingError)?.status == 413 && "\(error)".contains("over the 2 MB DPMPTSP takes: step 8 sends it there")
            }
        }
        #expect(try fixture.database.documents.list(caseID: "RK-2026-000001").isEmpty)  // nothing kept of either
        // At its limit it goes; a step that sends nothing on takes what the agency's own limit allows (5 MB).
        _ = try fixture.job { unit in
            try fixture.processor.decide(.init(step: 8, document: pdf("surat.pdf", size: 2 * 1024 * 1024)), on: "RK-2026-000001", by: office, in: unit)
        }
        #expect(try fixture.caseTask("RK-2026-000001").outcome == .approved)
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

    @Test func aDecisionRestsOnTheDocumentAttachedBeforeItAndNamesIt() throws {
        let fixture = try recommendation()
        let pdf = Data("%PDF-1.4\n%%EOF\n".utf8).base64EncodedString()
        let decided = try fixture.job { unit in
            _ = try fixture.processor.attach(.init(name: "disposisi.pdf", contentType: "application/pdf", base64: pdf), step: 1, note: nil,
                                             on: "RK-2026-000001", by: kabid, in: unit)
            return try fixture.processor.decide(.init(step: 1), on: "RK-2026-000001", by: kabid, in: unit)
        }
        // What the step's messages carry is the completion's document (the BAP SIINas gets at SOP 002 step 17).
        let completed = try #require(decided.history.last { $0.step == 1 && $0.event.kind == "completed" })
        #expect(completed.documents == ["RK-2026-000001/1/1/disposisi.pdf"])
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
