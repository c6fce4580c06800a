import Foundation
import GatewayCore

/// How long people take over their tasks in the demo: a share of the step's
/// time standard, drawn per task from a seeded generator, with a few tasks
/// taking longer than the standard, so that breaches and escalations happen.
public final class Pacer: @unchecked Sendable {
    private let calendar: WorkCalendar
    private let clock: any TimeSource
    private let lateShare: Double
    private var random: SeededRandom
    private var finishes: [String: Date] = [:]
    private let lock = NSLock()

    public init(calendar: WorkCalendar, clock: any TimeSource, seed: UInt64, lateShare: Double) {
        self.calendar = calendar
        self.clock = clock
        self.lateShare = lateShare
        random = SeededRandom(seed: seed)
    }

    /// Whether whoever has the task is done with it. The first call starts the task's time.
    /// - Parameter standard: the step's time standard; nil for about 20 working minutes.
    public func isDone(_ task: String, standard: StepDuration?) -> Bool {
        let now = clock.now()
        let finish = lock.withLock { () -> Date in
            if let known = finishes[task] { return known }
            let seconds = standard.map { calendar.workingSeconds(from: now, to: calendar.deadline(from: now, adding: $0)) } ?? 20 * 60
            let share = random.unit() < lateShare ? 1.2 + random.unit() * 0.5 : 0.2 + random.unit() * 0.6
            let finish = calendar.adding(workingSeconds: Int(Double(seconds) * share), to: now)
            finishes[task] = finish
            return finish
        }
        return now >= finish
    }
}
