/// What changed between two versions of an SOP, step by step (by number): steps added, removed, and
/// changed in what a case meets at them: activity, role, time standard, what it waits for, and where its
/// yes/no branches lead. `gerbang sop diff` prints it; a migration map is written from it.
public struct SOPDiff: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        case added(step: Int, activity: String)
        case removed(step: Int, activity: String)
        /// Each difference as "role: kabid → kadis".
        case changed(step: Int, differences: [String])
    }

    public let changes: [Change]

    public init(from old: ProcessDefinition, to new: ProcessDefinition) {
        let numbers = Set(old.steps.map(\.number)).union(new.steps.map(\.number)).sorted()
        changes = numbers.compactMap { number in
            switch (old.step(number), new.step(number)) {
            case (nil, let added?): .added(step: number, activity: added.activity)
            case (let removed?, nil): .removed(step: number, activity: removed.activity)
            case (let before?, let after?):
                Self.differences(before, after).isEmpty ? nil : .changed(step: number, differences: Self.differences(before, after))
            case (nil, nil): nil
            }
        }
    }

    public var isEmpty: Bool { changes.isEmpty }

    /// One line a change, as the CLI prints them.
    public var lines: [String] {
        changes.map { change in
            switch change {
            case .added(let step, let activity): "+ step \(step): \(activity)"
            case .removed(let step, let activity): "- step \(step): \(activity)"
            case .changed(let step, let differences): "~ step \(step): " + differences.joined(separator: "; ")
            }
        }
    }

    private static func differences(_ before: Step, _ after: Step) -> [String] {
        let fields: [(String, String, String)] = [
            ("activity", before.activity, after.activity),
            ("role", before.role, after.role),
            ("time standard", before.duration?.text ?? "none", after.duration?.text ?? "none"),
            ("waits for", before.awaits ?? "none", after.awaits ?? "none"),
            ("yes", branch(before.decision?.yes), branch(after.decision?.yes)),
            ("no", branch(before.decision?.no), branch(after.decision?.no)),
        ]
        return fields.filter { $0.1 != $0.2 }.map { "\($0.0): \($0.1) → \($0.2)" }
    }

    private static func branch(_ branch: Branch?) -> String {
        switch branch?.target {
        case nil: "no decision"
        case .step(let number)?: "step \(number)"
        case .returnToApplicant(let number)?: "back to the applicant at step \(number)"
        case .end(let outcome)?: "end (\(outcome.rawValue))"
        }
    }
}
