import Foundation
import GatewayCore

/// The SOPs in force and an engine for each, by SOP id: what every processing piece asks "what does
/// this case's SOP say".
struct Procedures: Sendable {
    let definitions: [String: ProcessDefinition]
    let engines: [String: WorkflowEngine]

    init(_ definitions: [ProcessDefinition], calendar: WorkCalendar) {
        self.definitions = Dictionary(definitions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        engines = self.definitions.mapValues { WorkflowEngine(definition: $0, calendar: calendar) }
    }

    func engine(of current: Case) -> WorkflowEngine? {
        engines[current.processID]
    }
}

extension WorkflowEngine {
    /// The engine's transition, with a refusal said as a ``ProcessingError`` the API answers with.
    func transition(_ event: WorkflowEvent, on current: Case, at time: Date) throws -> Transition {
        do {
            return try handle(event, on: current, at: time)
        } catch {
            throw ProcessingError.refused(error)
        }
    }
}
