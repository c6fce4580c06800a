import Foundation

extension ProcessDefinition {
    /// Every structural problem of this definition; empty when it can run.
    ///
    /// Checks: the id matches the file name; roles are unique and complete;
    /// steps are numbered 1, 2, 3, … in order; every step's role is declared;
    /// applicant and system steps name the event they wait for and officer
    /// steps do not; every branch leads to a step that exists (and to an
    /// applicant step when it returns to the applicant); every step can be
    /// reached from step 1; and the step times add up to the SOP's stated total.
    public func problems(file: String) -> [DefinitionProblem] {
        var problems: [DefinitionProblem] = []
        func report(_ step: Int?, _ field: String, _ message: String) {
            problems.append(DefinitionProblem(file: file, step: step, field: field, message: message))
        }

        let baseName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        if id.isEmpty {
            report(nil, "id", "field 'id' is empty: use the file's base name, '\(baseName)'")
        } else if id != baseName {
            report(nil, "id", "field 'id' is '\(id)' but the file is named '\(baseName).json': make them equal so the id finds the file")
        }
        if source.isEmpty {
            report(nil, "source", "field 'source' is empty: name the seed file the SOP was transcribed from")
        }

        var roleIDs = Set<String>()
        for (index, role) in roles.enumerated() {
            let field = "roles[\(index)]"
            if !roleIDs.insert(role.id).inserted {
                report(nil, "\(field).id", "field '\(field).id' repeats role '\(role.id)': each role is declared once")
            }
            if role.kind == .system, role.system?.isEmpty ?? true {
                report(nil, "\(field).system", "field '\(field).system' is missing: a system role names its system (OSS, SIINas, SIPRO, Aplikasi, DPMPTSP)")
            }
        }

        guard !steps.isEmpty else {
            report(nil, "steps", "field 'steps' is empty: an SOP has at least one step")
            return problems
        }
        for (index, step) in steps.enumerated() where step.number != index + 1 {
            report(step.number, "number", "field 'number' is \(step.number) at steps[\(index)]: steps are numbered 1, 2, 3, … in order, so this one should be \(index + 1)")
        }
        let numbers = Set(steps.map(\.number))

        for step in steps {
            let n = step.number
            if step.activity.trimmingCharacters(in: .whitespaces).isEmpty {
                report(n, "activity", "field 'activity' is empty: copy the SOP's uraian kegiatan")
            }
            guard let role = role(step.role) else {
                report(n, "role", "field 'role' names role '\(step.role)', which is not declared in 'roles'")
                continue
            }
            switch (role.kind, step.awaits) {
            case (_, .some(let event)) where !step.observable:
                report(n, "awaits", "field 'awaits' names '\(event)' but the step is not observable: no system can send it; leave 'awaits' out")
            case (.applicant, nil) where !step.observable, (.system, nil) where !step.observable:
                break
            case (.officer, .some(let event)):
                report(n, "awaits", "field 'awaits' names '\(event)' but the step is performed by officer role '\(role.id)', who completes it by deciding, not by a message")
            case (.applicant, nil), (.system, nil):
                report(n, "awaits", "field 'awaits' is missing: a step performed by \(role.kind == .applicant ? "the applicant" : "a national system") names the inbound event that completes it")
            default:
                break
            }
            if let decision = step.decision {
                problems += branchProblems(decision.yes, field: "decision.yes", label: "decision 'yes'", from: n, numbers: numbers, file: file)
                problems += branchProblems(decision.no, field: "decision.no", label: "decision 'no'", from: n, numbers: numbers, file: file)
            }
            if step.fieldCheck == .ifYes, step.decision == nil {
                report(n, "fieldCheck", "field 'fieldCheck' is 'ifYes' but the step has no decision: use 'always' for a step that is itself a field check")
            }
            if !step.observable, role.kind == .officer {
                report(n, "observable", "field 'observable' is false but officer role '\(role.id)' completes the step through the gateway: only an applicant's or a system's step can be unseen")
            }
            if step.deadline != nil, step.gaps.isEmpty {
                report(n, "deadline", "field 'deadline' departs from the step's waktu: say why in the step's 'gaps'")
            }
            if let target = step.returnsIncompleteTo {
                let branch = Branch(.returnToApplicant(step: target))
                problems += branchProblems(branch, field: "returnsIncompleteTo", label: "field 'returnsIncompleteTo'", from: n, numbers: numbers, file: file)
            }
        }

        if problems.isEmpty {
            for unreachable in steps.map(\.number) where !reachableSteps().contains(unreachable) {
                report(unreachable, "number", "cannot be reached from step 1: no step leads to it")
            }
        }
        if let statedTotal {
            problems += totalProblems(statedTotal, file: file)
        }
        return problems
    }

    /// The steps a case can visit, starting at step `first` (1: the whole SOP).
    func reachableSteps(from first: Int = 1) -> Set<Int> {
        var seen: Set<Int> = []
        var queue = steps.isEmpty ? [] : [first]
        while let number = queue.popLast() {
            guard seen.insert(number).inserted, let step = step(number) else { continue }
            queue += successors(of: step)
        }
        return seen
    }

    /// The steps that can follow this one, by its default flow or its branches.
    func successors(of step: Step) -> [Int] {
        var targets: [BranchTarget] = []
        if let decision = step.decision {
            targets = [decision.yes.target, decision.no.target]
        } else if step.number < steps.count {
            targets = [.step(step.number + 1)]
        }
        if let applicantStep = step.returnsIncompleteTo {
            targets.append(.returnToApplicant(step: applicantStep))
        }
        return targets.compactMap {
            switch $0 {
            case .step(let n), .returnToApplicant(let n): n
            case .end: nil
            }
        }
    }

    private func branchProblems(
        _ branch: Branch, field: String, label: String, from step: Int, numbers: Set<Int>, file: String
    ) -> [DefinitionProblem] {
        func problem(_ text: String) -> [DefinitionProblem] {
            [DefinitionProblem(file: file, step: step, field: field, message: "\(label) \(text)")]
        }
        switch branch.target {
        case .end:
            return []
        case .step(let target), .returnToApplicant(let target):
            guard numbers.contains(target) else {
                return problem("points to step \(target), which does not exist")
            }
            guard target != step else {
                return problem("points to step \(target) itself: a branch leads to another step or to the end")
            }
            if case .returnToApplicant = branch.target,
               let targetRole = self.step(target).flatMap({ role($0.role) }), targetRole.kind != .applicant {
                return problem("returns to the applicant at step \(target), but step \(target) is performed by '\(targetRole.id)', not by the applicant")
            }
            return []
        }
    }

    private func totalProblems(_ statedTotal: String, file: String) -> [DefinitionProblem] {
        let stated: Int
        do {
            stated = try StepDuration.totalMinutes(parsing: statedTotal)
        } catch {
            return [DefinitionProblem(file: file, step: nil, field: "statedTotal", message: "field 'statedTotal' \(error)")]
        }
        let minutes = steps.map { $0.duration?.workingMinutes }
        guard minutes.allSatisfy({ $0 != nil }) else { return [] }  // days or gaps: the seed's total cannot be checked
        let sum = minutes.reduce(0) { $0 + ($1 ?? 0) }
        guard sum != stated else { return [] }
        return [DefinitionProblem(
            file: file, step: nil, field: "statedTotal",
            message: "field 'statedTotal' is '\(statedTotal)' (\(stated) minutes) but the steps' times add up to \(sum) minutes")]
    }
}
