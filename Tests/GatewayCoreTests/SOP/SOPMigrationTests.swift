import Testing
@testable import GatewayCore

@Suite struct SOPMigrationTests {
    /// Version 1: steps 1-3; version 2: a step inserted before the last, so 1-4.
    static let old = ProcessDefinition.make(steps: [.make(1), .make(2), .make(3, role: "kadis")])
    static let new = ProcessDefinition.make(steps: [.make(1), .make(2), .make(3, role: "tim-teknis"), .make(4, role: "kadis")])

    static func map(_ text: String) throws -> [Int: Int] {
        try SOPMigration.steps(fromMapFile: Array(text.utf8), named: "peta.json")
    }

    @Test func aMapFileIsAnObjectFromOldStepNumbersToNewOnes() throws {
        #expect(try Self.map(#"{"1": 1, "2": 2, "3": 4}"#) == [1: 1, 2: 2, 3: 4])
    }

    @Test func aMapFileThatIsNotOneNamesTheFileAndTheEntry() {
        #expect(throws: SOPMigration.MapError(file: "peta.json", problem: "key 'tiga' is not a step number")) { try Self.map(#"{"tiga": 4}"#) }
        #expect(throws: SOPMigration.MapError(file: "peta.json", problem: "step 3 maps to \"4\", which is not a step number")) {
            try Self.map(#"{"3": "4"}"#)
        }
        #expect(throws: SOPMigration.MapError(file: "peta.json", problem: "step 3 maps to 0, which is not a step number")) { try Self.map(#"{"3": 0}"#) }
        #expect(throws: SOPMigration.MapError(file: "peta.json", problem: "maps no step")) { try Self.map("{}") }
        #expect((try? Self.map("[[1, 2]]")) == nil)
        #expect((try? Self.map("{ not json")) == nil)
    }

    @Test func aCompleteMapToStepsTheNewVersionHasHasNoProblem() {
        let migration = SOPMigration(sopID: "contoh", from: 1, to: 2, steps: [2: 2, 3: 4])
        #expect(migration.problems(old: Self.old, new: Self.new, waiting: [2: 5, 3: 1]).isEmpty)
    }

    @Test func aStepCasesWaitAtLeftUnmappedAStepEitherVersionLacksAndTheSameVersionAreEachNamed() {
        let migration = SOPMigration(sopID: "contoh", from: 1, to: 2, steps: [2: 7, 9: 1])
        #expect(migration.problems(old: Self.old, new: Self.new, waiting: [2: 1, 3: 4]) == [
            "step 3 of version 1 has 4 open cases and the map does not say where they go: add \"3\": N",
            "step 2 maps to step 7, which version 2 does not have (it has 1-4)",
            "step 9 is mapped, but version 1 has no step 9",
        ])
        #expect(SOPMigration(sopID: "contoh", from: 2, to: 2, steps: [1: 1]).problems(old: Self.new, new: Self.new, waiting: [:])
                == ["version 2 is both the old and the new one"])
    }
}
