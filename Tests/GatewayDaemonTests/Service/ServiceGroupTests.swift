import Foundation
import GatewayCore
import Testing
@testable import GatewayDaemon

@Suite struct ServiceGroupTests {
    /// A service whose rounds signal `ran`; with `hold`, its rounds wait until the test releases them.
    final class Probe: Service, @unchecked Sendable {
        let name: ServiceName
        let intervalMilliseconds = 3_600_000
        let ran = DispatchSemaphore(value: 0)
        let hold: DispatchSemaphore?

        init(_ name: ServiceName, hold: DispatchSemaphore? = nil) {
            self.name = name
            self.hold = hold
        }

        func runOnce() -> Bool {
            ran.signal()
            hold?.wait()
            return false
        }
    }

    @Test func aNudgeRunsTheServiceItNamesAndStoppingWaitsForAll() {
        let sweep = Probe(.sweep), oss = Probe(.dispatch("oss"))
        let group = ServiceGroup([sweep, oss])
        group.start()
        #expect(sweep.ran.wait(timeout: .now() + 10) == .success && oss.ran.wait(timeout: .now() + 10) == .success)
        group.nudge(.dispatch("oss"))
        #expect(oss.ran.wait(timeout: .now() + 10) == .success)
        #expect(group.running == [.sweep: true, .dispatch("oss"): true])
        #expect(group.stop(before: .now + .seconds(10)).isEmpty)
        #expect(group.running.values.allSatisfy { !$0 })
    }

    @Test func stoppingNamesTheServicesStillInTheirRoundAtTheDeadline() {
        let release = DispatchSemaphore(value: 0)
        let stuck = Probe(.dispatch("siinas"), hold: release)
        let group = ServiceGroup([stuck])
        group.start()
        #expect(stuck.ran.wait(timeout: .now() + 10) == .success)
        #expect(group.stop(before: .now) == [.dispatch("siinas")])  // its round waits for the test
        release.signal()
        #expect(group.stop(before: .now + .seconds(10)).isEmpty)
    }
}
