import Foundation
import GatewayCore
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

/// The decision form both ways: the choices in the SOP's words, and the decision a posted form makes.
@Suite struct DeskFormTests {
    @Test func aDecisionStepOffersTheSOPsOwnYesAndNoAndAReturnWhereTheSOPAllowsIt() throws {
        // Seed 003 step 2: the front office checks the registration; "Tidak" returns it to the applicant.
        let step = try #require(try RepositoryFiles.definition("izin-insidentil").step(2))
        let choices = DeskForm.choices(for: step)
        #expect(choices.map(\.value) == ["ya", "tidak"])
        #expect(choices[1].label == "Tidak: " + (step.decision?.no.reason ?? ""))
        #expect(DeskForm.returnsToApplicant("tidak", at: step))
    }

    @Test func aReturnWithoutANoteIsRefusedAndAGivenOneIsKeptWithTheAttributes() throws {
        let step = try #require(try RepositoryFiles.definition("izin-insidentil").step(2))
        #expect(throws: DeskForm.Problem.self) { try DeskForm.decision(["jawaban": "tidak", "catatan": "  "], step: step) }
        #expect(throws: DeskForm.Problem.self) { try DeskForm.decision(["jawaban": "kembalikan"], step: step) }  // not offered here
        let returned = try DeskForm.decision(["jawaban": "tidak", "catatan": "KTP tidak terbaca", "atribut.x": " 1 "], step: step)
        #expect(returned == OfficerDecision(step: 2, answer: .no, note: "KTP tidak terbaca", attributes: ["x": "1"]))
    }

    @Test func theBAPStepAsksForItsNumberAndResult() throws {
        let configuration = try GatewayConfiguration.load(file: RepositoryFiles.configFolder + "/gerbang.json", environment: [:])
        let step = try #require(try RepositoryFiles.definition("izin-perluasan").step(17))
        let fields = DeskForm.fields(for: step, rules: configuration.rules)
        #expect(fields.filter(\.required).map(\.name) == ["nomor_bap", "hasil"])
        #expect(fields.first { $0.name == "hasil" }?.options == ["siap", "belum_siap"])
    }
}
