import Foundation
import GatewayCore
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

@Suite struct DefinitionViewTests {
    @Test func durationsBecomeValueAndUnitNextToTheSeedsText() throws {
        let view = DefinitionView(try RepositoryFiles.definition("izin-insidentil"))
        #expect(view.steps[0].duration == .init(value: 30, unit: .minutes, text: "30 Menit"))
        #expect(view.steps[2].duration == .init(value: 6, unit: .workingDays, text: "6 Hari"))
        #expect(view.steps[0].performer == .applicant)
    }

    @Test func aStepWithoutATimeHasNoDuration() throws {
        let view = DefinitionView(try RepositoryFiles.definition("izin-perluasan"))
        #expect(view.steps[0].duration == nil)
        #expect(view.steps[19].system == "OSS")
    }
}
