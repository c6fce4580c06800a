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
        /// An applicant's step passed its time standard: the applicant's time, not the agency's, so they are reminded
        /// and nothing is escalated (PP 5/2021 counts the agency's service time).
        case applicantReminded(activation: Int, deadline: Date)
        /// The work calendar changed and the step's deadline with it.
        case deadlineMoved(activation: Int, from: Date?, to: Date)
        /// An officer attached documents (the entry's `documents`) to the active step without completing it.
        case attached(activation: Int)
        case ended(outcome: Outcome, reason: String?)
        /// OSS froze the NIB (status_nib 05): the step waits, its deadline stopped.
        case frozen(activation: Int)
        /// The NIB is active again: the step goes on with the working time it had left.
        case resumed(activation: Int, deadline: Date?)
        /// OSS sent the NIB again with changed data (tipe_dokumen 5): each field, old and new.
        case nibChanged(changes: [FieldChange])
        /// `gerbang sop migrate` moved the case from `fromStep` of its SOP's version `fromVersion` to `toVersion`;
        /// the step it goes on at starts in the next entry. Recorded at the step it left.
        case migrated(activation: Int, fromVersion: Int, toVersion: Int, fromStep: Int)
    }

    /// Position in the case's history, from 1.
    public let sequence: Int
    public let at: Date
    public let actor: Actor
    public let event: Event
    public let step: Int?
    public let note: String?
    public let documents: [String]
    /// What the step settled that later steps or messages need ("hasil": "siap", "nomor_bap": …).
    public let attributes: [String: String]

    public init(
        sequence: Int, at: Date, actor: Actor, event: Event, step: Int?, note: String? = nil, documents: [String] = [],
        attributes: [String: String] = [:]
    ) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.event = event
        self.step = step
        self.note = note
        self.documents = documents
        self.attributes = attributes
    }

    private enum CodingKeys: String, CodingKey {
        case sequence, at, actor, event, step, note, documents, attributes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sequence: try c.decode(Int.self, forKey: .sequence), at: try c.decode(Date.self, forKey: .at),
            actor: try c.decode(Actor.self, forKey: .actor), event: try c.decode(Event.self, forKey: .event),
            step: try c.decodeIfPresent(Int.self, forKey: .step), note: try c.decodeIfPresent(String.self, forKey: .note),
            documents: try c.decodeIfPresent([String].self, forKey: .documents) ?? [],
            attributes: try c.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:])
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
        case .applicantReminded: "applicantReminded"
        case .deadlineMoved: "deadlineMoved"
        case .attached: "attached"
        case .ended: "ended"
        case .frozen: "frozen"
        case .resumed: "resumed"
        case .nibChanged: "nibChanged"
        case .migrated: "migrated"
        }
    }
}

/// One field of a NIB that changed between two deliveries, by its path in the dataNIB
/// ("nama_perseroan", "data_proyek[0].kbli"); nil where the field was absent.
public struct FieldChange: Sendable, Hashable, Codable {
    public let field: String
    public let old: String?
    public let new: String?

    public init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }
}
