import Foundation

/// A thread that runs a job every interval, sooner when nudged, until stopped.
/// A job that found work is run again at once, so a backlog drains without
/// waiting an interval per page.
final class PeriodicWorker: @unchecked Sendable {
    let name: String
    private let interval: Double
    private let job: () -> Bool
    private let condition = NSCondition()
    private var nudged = false
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)
    private var started = false
    private var exited = false
    private var finishedRounds = 0

    /// - Parameter job: returns true when it did work and should run again now.
    init(name: String, intervalMilliseconds: Int, job: @escaping () -> Bool) {
        self.name = name
        interval = Double(max(1, intervalMilliseconds)) / 1000
        self.job = job
    }

    func start() {
        started = true
        let thread = Thread { [self] in
            while !isStopping {
                let again = job()
                condition.lock()
                finishedRounds += 1
                condition.unlock()
                if again { continue }
                condition.lock()
                if !nudged, !stopping { _ = condition.wait(until: Date(timeIntervalSinceNow: interval)) }
                nudged = false
                condition.unlock()
            }
            condition.lock()
            exited = true
            condition.unlock()
            finished.signal()
        }
        thread.name = "gerbang-" + name
        thread.start()
    }

    /// How many rounds of the job have finished: an event a test can wait for ("the dispatcher looked twice").
    var rounds: Int {
        condition.lock()
        defer { condition.unlock() }
        return finishedRounds
    }

    /// Runs the job soon, without waiting for the interval.
    func nudge() {
        condition.lock()
        nudged = true
        condition.signal()
        condition.unlock()
    }

    /// Asks the thread to stop after the job under way, without waiting.
    func requestStop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    /// Waits for the thread to stop, until `deadline`; false if it was still running then.
    func waitUntilStopped(before deadline: ContinuousClock.Instant) -> Bool {
        guard started else { return true }
        let left = ContinuousClock.now.duration(to: deadline)
        let seconds = left.seconds
        guard finished.wait(timeout: .now() + max(0, seconds)) == .success else { return false }
        finished.signal()  // so a later wait returns at once too
        return true
    }

    /// Started, and its loop has not ended.
    var isRunning: Bool {
        condition.lock()
        defer { condition.unlock() }
        return started && !exited && !stopping
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }
}
