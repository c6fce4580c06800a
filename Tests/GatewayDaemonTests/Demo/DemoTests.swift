import Foundation
import GatewayCore
import GatewayStore
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

@Suite struct DemoTests {
    let config = ConfigDirectory(path: RepositoryFiles.configFolder)

    func run(in folder: TemporaryFolder) throws -> (DemoReport, [String]) {
        var lines: [String] = []
        let demo = Demo(definitions: try config.loadDefinitions(), calendar: try config.loadCalendar())
        let report = try demo.run(Demo.Options(databasePath: folder.path()), print: { lines.append($0) })
        return (report, lines)
    }

    @Test func theDemoTakesEveryBranchOfEverySOPAndPassesItsCheck() throws {
        let (report, lines) = try run(in: TemporaryFolder())
        #expect(report.passed)
        #expect(report.sops.count == 5)
        for sop in report.sops {
            #expect(sop.branchesTaken == sop.branchesTotal, "\(sop.definition.id)")
        }
        #expect(lines.last == "demo passed its self-check")
    }

    @Test func theDemoLeavesEveryCaseEndedInTheDatabase() throws {
        let folder = try TemporaryFolder()
        let (report, _) = try run(in: folder)
        let stored = try CaseStore.openForReading(path: folder.path()).list()
        #expect(stored.count == report.sops.map(\.cases.count).reduce(0, +))
        #expect(stored.allSatisfy { $0.status == .ended })
        #expect(Set(stored.compactMap(\.outcome)) == [.approved, .rejected])
    }

    @Test func theDemoCrossesTheChristmasHolidays() throws {
        let (report, _) = try run(in: TemporaryFolder())
        let calendar = try config.loadCalendar()
        let days = Set(report.sops.flatMap(\.cases).flatMap(\.steps).map { calendar.local($0.finishedAt).date.description })
        #expect(days.contains("2026-12-23") && days.contains("2026-12-28"))
        #expect(!days.contains("2026-12-24") && !days.contains("2026-12-25"))  // cuti bersama and Natal: nobody works
    }

    @Test func twoRunsPrintTheSameCases() throws {
        let (_, first) = try run(in: TemporaryFolder())
        let (_, second) = try run(in: TemporaryFolder())
        let withoutPaths = { (lines: [String]) in lines.filter { !$0.contains("gerbang-") && !$0.contains("database:") } }
        #expect(withoutPaths(first) == withoutPaths(second))
    }
}
