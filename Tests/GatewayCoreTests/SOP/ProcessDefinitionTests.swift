import GatewayTestSupport
import Foundation
import Testing
@testable import GatewayCore

/// The five shipped SOPs, checked against what their seeds say.
@Suite struct ProcessDefinitionTests {
    @Test(arguments: [
        ("verifikasi-teknis-izin-usaha-industri", "000_fd7c7f0a8fb432c2.txt", 9),
        ("rekomendasi-izin-usaha-industri", "001_fe346d91a6a8a717.txt", 8),
        ("izin-perluasan", "002_c26201397c62f7b2.txt", 20),
        ("izin-insidentil", "003_e8a2893e05b1aba2.txt", 11),
        ("verifikasi-nib", "004_fb3c14ced10e5ec0.txt", 8),
    ])
    func eachSeedBecomesOneDefinitionWithItsStepCount(id: String, seed: String, steps: Int) throws {
        let definition = try RepositoryFiles.definition(id)
        #expect(definition.source == seed)
        #expect(definition.steps.count == steps)
        #expect(definition.steps.map(\.number) == Array(1...steps))
    }

    @Test func exactlyTheFiveSeedsAreShipped() {
        #expect(RepositoryFiles.definitionIDs.count == 5)
    }

    @Test func rekomendasiStepTimesAddUpToTheSeedsOwnTotal() throws {
        let definition = try RepositoryFiles.definition("rekomendasi-izin-usaha-industri")
        let minutes = definition.steps.compactMap { $0.duration?.workingMinutes }
        #expect(minutes.count == 8)
        let total: Int = minutes.reduce(0, +)
        let seedTotal = 19 * 60 + 40  // "Total Waktu 19 Jam 40 Menit"
        #expect(total == seedTotal)
        #expect(definition.statedTotal == "19 Jam 40 Menit")
    }

    @Test func izinPerluasanMarksTheStepsDoneByNationalSystems() throws {
        let definition = try RepositoryFiles.definition("izin-perluasan")
        let systemSteps = definition.steps.filter { definition.role($0.role)?.kind == .system }
        #expect(systemSteps.map(\.number) == [18, 19, 20])
        #expect(definition.role("siinas")?.system == "SIINas")
        #expect(definition.step(17)?.sends == ["siinas.uploadBAP", "dpmptsp.bapCopy"])
        #expect(definition.step(1)?.awaits == "oss.receiveNIB")
    }

    @Test func stepsWithoutATimeInTheSeedHaveNoneAndSaySo() throws {
        let definition = try RepositoryFiles.definition("izin-perluasan")
        let timed = definition.steps.filter { $0.duration != nil }.map(\.number)
        #expect(timed == [5, 8, 11, 14])
        for step in definition.steps where step.duration == nil {
            #expect(step.gaps.contains { $0.contains("no time") }, "step \(step.number)")
        }
    }

    @Test func insidentilReturnsIncompleteApplicationsToTheApplicant() throws {
        let definition = try RepositoryFiles.definition("izin-insidentil")
        #expect(definition.step(2)?.decision?.no.target == .returnToApplicant(step: 1))
        #expect(definition.step(3)?.duration == StepDuration(value: 6, unit: .workingDays, text: "6 Hari"))
    }

    @Test(.enabled(if: RepositoryFiles.seedTestsRun, "needs ../shared/seeds beside the checkout (in CI, a failure)"),
          arguments: RepositoryFiles.definitionIDs)
    func everyTextFieldIsTheSeedsOwnWords(id: String) throws {
        let definition = try RepositoryFiles.definition(id)
        let seed = try String(contentsOf: RepositoryFiles.seedsFolder.appendingPathComponent(definition.source), encoding: .utf8)
        for step in definition.steps {
            for (field, text) in [("activity", step.activity), ("inputs", step.inputs), ("duration", step.duration?.text),
                                  ("output", step.output), ("note", step.note)] {
                guard let text else { continue }
                #expect(seed.contains(text), "step \(step.number) \(field): '\(text)' is not in \(definition.source)")
            }
        }
    }

    @Test func aStepIsWrittenWithItsDurationAsValueAndUnitAndNullWhereTheSeedHasNone() throws {
        let definition = try RepositoryFiles.definition("izin-perluasan")
        let written = try JSONSerialization.jsonObject(with: JSONEncoder().encode(definition)) as? [String: Any]
        let steps = try #require(written?["steps"] as? [[String: Any]])
        #expect(steps[0]["duration"] is NSNull)
        let bap = try #require(steps[10]["duration"] as? [String: Any])
        #expect(bap["value"] as? Int == 2)
        #expect(bap["unit"] as? String == "workingDays")
        #expect(bap["text"] as? String == "2 hari")
    }

    @Test func encodingAndDecodingGivesTheSameDefinition() throws {
        let definition = try RepositoryFiles.definition("verifikasi-teknis-izin-usaha-industri")
        let data = try JSONEncoder().encode(definition)
        #expect(try ProcessDefinition.load(from: data, file: "config/sop/verifikasi-teknis-izin-usaha-industri.json") == definition)
    }
}
