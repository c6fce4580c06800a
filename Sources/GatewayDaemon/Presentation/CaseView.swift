import Foundation
import GatewayCore

/// A case with its history, as `gerbang case ID --json` shows it; times are
/// ISO 8601 in the agency's zone.
public struct CaseView: Codable, Equatable {
    public struct EntryView: Codable, Equatable {
        public let sequence: Int
        public let at: String
        public let step: Int?
        public let actor: String
        /// opened, started, completed, returnedIncomplete, deadlinePassed, applicantReminded, deadlineMoved, attached, ended, frozen, resumed,
        /// nibChanged, migrated
        public let event: String
        public let activation: Int?
        public let answer: Answer?
        public let message: String?
        public let onTime: Bool?
        public let deadline: String?
        public let outcome: Outcome?
        public let note: String?
        public let documents: [String]
        /// For nibChanged: each field of the NIB that changed, old and new.
        public let changes: [FieldChange]?
    }

    public let id: String
    public let sop: String
    public let reference: String?
    /// `active`, `frozen` (OSS froze its NIB) or `ended`.
    public let status: String
    public let activeStep: Int?
    public let deadline: String?
    public let deadlinePassed: Bool
    public let outcome: Outcome?
    public let openedAt: String
    public let history: [EntryView]

    public init(_ shown: Case, zone: TimeZone) {
        func iso(_ date: Date?) -> String? { date.map { TimeText.iso($0, in: zone) } }
        id = shown.id
        sop = shown.processID
        reference = shown.reference
        status = shown.activeStep == nil ? "ended" : shown.isFrozen ? "frozen" : "active"
        activeStep = shown.activeStep?.step
        deadline = iso(shown.activeStep?.deadline)
        deadlinePassed = shown.activeStep?.deadlinePassed ?? false
        outcome = shown.outcome
        openedAt = TimeText.iso(shown.openedAt, in: zone)
        history = shown.history.map { entry in
            var activation: Int?, answer: Answer?, message: String?, onTime: Bool?, deadline: Date?, outcome: Outcome?
            var changes: [FieldChange]?
            switch entry.event {
            case .opened: break
            case .started(let a, let d): (activation, deadline) = (a, d)
            case .completed(let a, let ans, let m, let o): (activation, answer, message, onTime) = (a, ans, m, o)
            case .returnedIncomplete(let a, _), .attached(let a), .frozen(let a): activation = a
            case .resumed(let a, let d): (activation, deadline) = (a, d)
            case .nibChanged(let c): changes = c
            case .deadlinePassed(let a, let d), .deadlineMoved(let a, _, let d), .applicantReminded(let a, let d): (activation, deadline) = (a, d)
            case .ended(let o, _): outcome = o
            case .migrated(let a, _, _, _): activation = a
            }
            var note = entry.note
            if case .ended(_, let reason?) = entry.event { note = note ?? reason }
            if case .migrated(_, let from, let to, let step) = entry.event {
                note = "SOP version \(from) step \(step) → version \(to)" + (note.map { ": \($0)" } ?? "")
            }
            return EntryView(
                sequence: entry.sequence, at: TimeText.iso(entry.at, in: zone), step: entry.step,
                actor: entry.actor.description, event: entry.event.kind, activation: activation, answer: answer,
                message: message, onTime: onTime, deadline: iso(deadline), outcome: outcome, note: note,
                documents: entry.documents, changes: changes)
        }
    }
}
