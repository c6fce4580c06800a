import Foundation
import GatewayTestSupport
import Testing

@Suite struct DemoCommandTests {
    @Test func theDemoExitsZeroAndPrintsEachCasesPathAndTimeStandards() throws {
        let output = try GerbangProcess.run(["demo"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("path: 1 → 2 → 3 → 4 → 5[incomplete] → 1"))
        #expect(output.stdout.contains("late by"))
        #expect(output.stdout.contains(" met"))
        #expect(!output.stdout.contains("FAIL"))
        #expect(output.stdout.hasSuffix("demo passed its self-check\n"))
    }

    @Test func theDemoRefusesToWriteIntoAnExistingDatabase() throws {
        let folder = try TemporaryFolder()
        try Data().write(to: URL(fileURLWithPath: folder.path()))
        let output = try GerbangProcess.run(["demo", "--db", folder.path()])
        #expect(output.status == 1)
        #expect(output.stderr.contains("already exists"))
    }
}
