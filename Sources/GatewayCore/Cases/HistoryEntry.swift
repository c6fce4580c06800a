import Foundation

/// One line of a case's history: what happened, to which step, who did it
/// and when. A case's history is append-only; the store enforces that too.
public struct HistoryEntry: Sendable, Hashable, Codable {
    /// What happened.
    public enum Event: Sendable, Hashable, Codable {
        case opened(reference: String?)
        /// A step became active; `activation` counts every start in the case, so a step revisited by a "Tidak" gets a new one.
        case started(activation: Int, deadline: Date?)
        /// A step was done, with its answer and, for applicant and system steps, the message that did it.
        case completed(activation: Int, answer: Answer?, message: String?, onTime: Bool?)
        /// An officer sent the application back to the applicant as incomplete.
        case returnedIncomplete(activation: Int, toStep: Int)
        case deadlinePassed(activation: Int, deadline: Date)
        case ended(outcome: Outcome, reason: String?)
    }

    /// Position in the case's history, from 1.
    public let sequence: Int
    public let at: Date
    public let actor: Actor
    public let event: Event
    public let step: Int?
    public let note: String?
    public let documents: [String]

    public init(sequence: Int, at: Date, actor: Actor, event: Event, step: Int?, note: String? = nil, documents: [String] = []) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.event = event
        self.step = step
        self.note = note
        self.documents = documents
    }
}

extension HistoryEntry.Event {
    /// A short name for the kind of event, stored as a column for queries.
    public var kind: String {
        switch self {
        case .opened: "opened"
        case .started: "started"
        case .completed: "completed"
        case .returnedIncomplete: "returnedIncomplete"
        case .deadlinePassed: "deadlinePassed"
        case .ended: "ended"
        }
    }
}
