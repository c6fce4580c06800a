import Foundation
import GatewayHTTP
import GatewayDaemon
import GatewayCore
import GatewayStore

/// `gerbang bench store`: how many workflow transitions per second the engine
/// and the SQLite store commit, each in its own durable transaction (WAL,
/// `synchronous=FULL`), the way the daemon commits one inbound event at a time.
public struct StoreBenchmark {
    public struct Result {
        public let cases: Int
        public let transitions: Int
        public let seconds: Double
        /// Milliseconds per committed transition, sorted.
        public let commitMilliseconds: [Double]

        public var transitionsPerSecond: Double { Double(transitions) / seconds }

        public func percentile(_ p: Double) -> Double {
            guard !commitMilliseconds.isEmpty else { return 0 }
            let index = min(commitMilliseconds.count - 1, Int((Double(commitMilliseconds.count) * p).rounded(.up)) - 1)
            return commitMilliseconds[max(0, index)]
        }
    }

    public let definitions: [ProcessDefinition]
    public let calendar: WorkCalendar

    public init(definitions: [ProcessDefinition], calendar: WorkCalendar) {
        self.definitions = definitions
        self.calendar = calendar
    }

    /// Runs `cases` cases to their end, round robin over the SOPs, committing every transition.
    /// - Parameter committed: called after each commit with the case id and its history count.
    public func run(databasePath: String, cases: Int, committed: (String, Int) -> Void = { _, _ in }) throws -> Result {
        let store = try CaseStore.open(path: databasePath)
        let engines = definitions.map { WorkflowEngine(definition: $0, calendar: calendar) }
        var latencies: [Double] = []
        latencies.reserveCapacity(cases * 20)
        let clock = ContinuousClock()
        var now = calendar.instant(LocalDate(year: 2026, month: 1, day: 5)!, seconds: 8 * 3600)

        func save(_ transition: Transition) throws {
            let started = clock.now
            try store.db.transaction {
                try store.save(transition)
            }
            let elapsed = clock.now - started
            latencies.append(elapsed.milliseconds)
            committed(transition.case.id, transition.case.history.count)
        }

        let began = clock.now
        for number in 0..<cases {
            let engine = engines[number % engines.count]
            var transition = engine.open(caseID: "bench-\(number)", at: now)
            try save(transition)
            while let active = transition.case.activeStep, let step = engine.definition.step(active.step),
                  let role = engine.definition.role(step.role) {
                now += 60
                let answer: Answer? = step.decision == nil ? nil : .yes
                let event: WorkflowEvent = role.kind == .officer
                    ? .complete(step: step.number, by: Officer(id: "bench", roles: [role.id]), answer: answer)
                    : .message(name: step.awaits ?? "", answer: answer)
                transition = try engine.handle(event, on: transition.case, at: now)
                try save(transition)
            }
        }
        let total = clock.now - began
        return Result(
            cases: cases, transitions: latencies.count,
            seconds: total.seconds,
            commitMilliseconds: latencies.sorted())
    }
}
