import GatewayTestSupport
import Foundation
@testable import GatewayCore

/// Walks a case through a definition the way people would: officers complete
/// their steps, the applicant and national systems send the awaited message.
/// Decisions take the scripted answers per step, in order, then "yes".
struct Walk {
    let engine: WorkflowEngine
    var answers: [Int: [Answer]] = [:]
    /// Steps whose officer sends the application back as incomplete on the first visit.
    var returnIncompleteAt: Set<Int> = []

    /// Every step the case visited, in order, and the finished case with every effect produced.
    func run(from start: Date = jakarta("2026-12-14 08:00")) throws -> (path: [Int], case: Case, effects: [Effect]) {
        var answers = self.answers
        var returns = returnIncompleteAt
        var time = start
        var transition = engine.open(caseID: "kasus-1", at: time)
        var effects = transition.effects
        var path: [Int] = []
        while let active = transition.case.activeStep {
            guard path.count < 200 else { throw WalkError.looping(path) }
            path.append(active.step)
            time += 600
            let step = engine.definition.step(active.step)!
            let role = engine.definition.role(step.role)!
            let event: WorkflowEvent
            if returns.remove(active.step) != nil {
                event = .returnIncomplete(step: active.step, by: .make(role.id), note: "berkas belum lengkap")
            } else {
                let answer = step.decision == nil ? nil : (answers[active.step]?.isEmpty == false ? answers[active.step]!.removeFirst() : .yes)
                event = role.kind == .officer
                    ? .complete(step: active.step, by: .make(role.id), answer: answer)
                    : .message(name: step.awaits!, answer: answer)
            }
            transition = try engine.handle(event, on: transition.case, at: time)
            effects += transition.effects
        }
        return (path, transition.case, effects)
    }

    enum WalkError: Error {
        case looping([Int])
    }
}

extension WorkflowEngine {
    /// The engine for a shipped SOP on the shipped calendar.
    static func shipped(_ id: String) throws -> WorkflowEngine {
        WorkflowEngine(definition: try RepositoryFiles.definition(id), calendar: try RepositoryFiles.calendar())
    }
}
