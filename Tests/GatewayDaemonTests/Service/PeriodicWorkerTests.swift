import Foundation
import GatewayCore
import Testing
@testable import GatewayDaemon

@Suite struct PeriodicWorkerTests {
    /// A job that signals each run and says "more" for its first `busy` runs.
    final class Job: @unchecked Sendable {
        let ran = DispatchSemaphore(value: 0)
        private let runs = Locked(0)
        let busy: Int

        init(busy: Int = 0) {
            self.busy = busy
        }

        func run() -> Bool {
            let count = runs.withLock { runs in
                runs += 1
                return runs
            }
            ran.signal()
            return count <= busy
        }

        var count: Int { runs.withLock { $0 } }
    }

    static let hour = 3_600_000

    @Test func aNudgeRunsTheJobWithoutWaitingForItsInterval() {
        let job = Job()
        let worker = PeriodicWorker(name: "test", intervalMilliseconds: Self.hour, job: job.run)
        worker.start()
        #expect(job.ran.wait(timeout: .now() + 10) == .success)  // the first run, at start
        worker.nudge()
        #expect(job.ran.wait(timeout: .now() + 10) == .success)  // an hour's interval: only the nudge runs it
        worker.requestStop()
        #expect(worker.waitUntilStopped(before: .now + .seconds(10)))
        #expect(!worker.isRunning && job.count == 2)
    }

    @Test func aJobThatFoundWorkRunsAgainAtOnceUntilItFindsNone() {
        let job = Job(busy: 4)
        let worker = PeriodicWorker(name: "test", intervalMilliseconds: Self.hour, job: job.run)
        worker.start()
        for _ in 1...5 { #expect(job.ran.wait(timeout: .now() + 10) == .success) }
        worker.requestStop()
        #expect(worker.waitUntilStopped(before: .now + .seconds(10)))
        #expect(job.count == 5)
    }

    @Test func aWorkerNeverStartedCountsAsStopped() {
        let worker = PeriodicWorker(name: "test", intervalMilliseconds: 10, job: { false })
        #expect(worker.waitUntilStopped(before: .now) && !worker.isRunning)
    }
}
