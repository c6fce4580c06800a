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
    /// Tasks given more time than their step's standard allows, as "case/step": the breaches the run must record.
    private var late: Set<String> = []
    private let lock = NSLock()

    public init(calendar: WorkCalendar, clock: any TimeSource, seed: UInt64, lateShare: Double) {
        self.calendar = calendar
        self.clock = clock
        self.lateShare = lateShare
        random = SeededRandom(seed: seed)
    }

    /// Whether whoever has the task is done with it. The first call starts the task's time.
    /// - Parameter standard: the step's deadline as its SOP states it (its time standard, or the deadline the
    ///   keterangan sets instead, SOP 001 step 3); nil for about 20 working minutes.
    public func isDone(_ task: String, standard: StepDuration?) -> Bool {
        let now = clock.now()
        let finish = lock.withLock { () -> Date in
            if let known = finishes[task] { return known }
            let seconds = standard.map { calendar.workingSeconds(from: now, to: calendar.deadline(from: now, adding: $0)) } ?? 20 * 60
            let beyond = random.unit() < lateShare
            let share = beyond ? 1.2 + random.unit() * 0.5 : 0.2 + random.unit() * 0.6
            // Past a step's standard (a step without one has no deadline to miss).
            if beyond, standard != nil { late.insert(task.split(separator: "/").prefix(2).joined(separator: "/")) }
            let finish = calendar.adding(workingSeconds: Int(Double(seconds) * share), to: now)
            finishes[task] = finish
            return finish
        }
        return now >= finish
    }

    /// The steps ("case/step") whose people the pacer made take longer than the time standard.
    public var plannedLate: Set<String> { lock.withLock { late } }
}
