import Testing
@testable import GatewayCore

@Suite struct SOPDiffTests {
    static func step(_ number: Int, _ activity: String, role: String = "kabid", minutes: Int? = nil, decision: Decision? = nil) -> Step {
        Step(number: number, activity: activity, role: role, duration: minutes.map { StepDuration(value: $0, unit: .minutes) }, decision: decision)
    }

    static func sop(_ steps: [Step]) -> ProcessDefinition {
        ProcessDefinition(id: "contoh", title: "Contoh", source: "contoh.txt",
                          roles: [Role(id: "kabid", title: "Kabid", kind: .officer), Role(id: "kadis", title: "Kadis", kind: .officer)], steps: steps)
    }

    static let sign = Decision(question: "Setuju?", yes: Branch(.end(.approved)), no: Branch(.step(1)))

    @Test func theSameSOPHasNoChanges() {
        let sop = Self.sop([Self.step(1, "Memeriksa", minutes: 60), Self.step(2, "Menandatangani", role: "kadis", decision: Self.sign)])
        #expect(SOPDiff(from: sop, to: sop).isEmpty)
    }

    @Test func stepsAddedRemovedAndChangedInRoleTimeAndBranchesAreEachNamed() {
        let old = Self.sop([Self.step(1, "Memeriksa", minutes: 60), Self.step(2, "Menandatangani", role: "kadis", decision: Self.sign),
                            Self.step(3, "Mengarsipkan")])
        let new = Self.sop([Self.step(1, "Memeriksa", minutes: 120),
                            Self.step(2, "Menandatangani", role: "kabid",
                                      decision: Decision(question: "Setuju?", yes: Branch(.end(.approved)), no: Branch(.end(.rejected)))),
                            Self.step(4, "Menyerahkan")])
        #expect(SOPDiff(from: old, to: new).lines == [
            "~ step 1: time standard: 60 menit → 120 menit",
            "~ step 2: role: kadis → kabid; no: step 1 → end (rejected)",
            "- step 3: Mengarsipkan",
            "+ step 4: Menyerahkan",
        ])
    }
}
