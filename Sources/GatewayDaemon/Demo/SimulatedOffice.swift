import GatewayCore

/// The people and systems of the demo: they choose answers so that every
/// branch of an SOP is taken at least once, and take a plausible, repeatable
/// amount of working time for each step, sometimes more than its standard.
struct SimulatedOffice {
    /// One way out of a step that the demo must show.
    enum Branch: Hashable, Comparable {
        case answer(step: Int, Answer)
        case returnedIncomplete(step: Int)

        var step: Int {
            switch self {
            case .answer(let step, _), .returnedIncomplete(let step): step
            }
        }

        var label: String {
            switch self {
            case .answer(_, let answer): answer.rawValue
            case .returnedIncomplete: "incomplete"
            }
        }

        static func < (lhs: Branch, rhs: Branch) -> Bool {
            (lhs.step, lhs.label) < (rhs.step, rhs.label)
        }
    }

    /// What the performer of a step does.
    enum Action {
        case complete(Answer?)
        case returnIncomplete
    }

    private(set) var taken: Set<Branch> = []
    private var random: SeededRandom

    init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    /// Every branch of the definition: both answers of each decision and each return to the applicant.
    static func branches(of definition: ProcessDefinition) -> Set<Branch> {
        var all: Set<Branch> = []
        for step in definition.steps {
            if step.decision != nil {
                all.insert(.answer(step: step.number, .yes))
                all.insert(.answer(step: step.number, .no))
            }
            if step.returnsIncompleteTo != nil {
                all.insert(.returnedIncomplete(step: step.number))
            }
        }
        return all
    }

    /// Returns an application once, then answers "no" once, then "yes".
    mutating func action(for step: Step) -> Action {
        if step.returnsIncompleteTo != nil, taken.insert(.returnedIncomplete(step: step.number)).inserted {
            return .returnIncomplete
        }
        guard step.decision != nil else { return .complete(nil) }
        let answer: Answer = taken.contains(.answer(step: step.number, .no)) ? .yes : .no
        taken.insert(.answer(step: step.number, answer))
        return .complete(answer)
    }

    /// Working seconds the step takes: mostly 30-95% of its standard, one time in five 110-160%.
    /// Steps without a standard take 20 to 90 minutes.
    mutating func workingSeconds(for step: Step) -> Int {
        guard let time = step.duration else {
            return Int.random(in: 20...90, using: &random) * 60
        }
        // A working day counts as 7.5 office hours (Keppres 68/1995: 37.5 hours over 5 days).
        let standard = time.workingMinutes.map { $0 * 60 } ?? time.value * 27_000
        let late = Int.random(in: 0..<5, using: &random) == 0
        let percent = late ? Int.random(in: 110...160, using: &random) : Int.random(in: 30...95, using: &random)
        return max(60, standard * percent / 100)
    }
}
