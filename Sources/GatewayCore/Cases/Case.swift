import Foundation

/// One application moving through one SOP: where it is now and everything
/// that happened to it. A value: the engine returns a new one for each event.
public struct Case: Sendable, Hashable, Codable {
    /// Where a case stands.
    public enum Position: Sendable, Hashable, Codable {
        case atStep(ActiveStep)
        case ended(outcome: Outcome, reason: String?, at: Date)
    }

    public let id: String
    /// The id of the ``ProcessDefinition`` it follows.
    public let processID: String
    /// What the case is about outside the gateway (an NIB, an id_izin, a SIPRO registration number).
    public let reference: String?
    public let openedAt: Date
    /// The version of its SOP the case started on and finishes on (the gateway stores each definition it
    /// uses under a version); nil for a case its engine knew no version of.
    public internal(set) var sopVersion: Int?
    public internal(set) var position: Position
    /// The outcome a decision has already settled, applied when the last step completes.
    public internal(set) var pendingOutcome: Outcome?
    /// Step starts so far; each start gets the next number.
    public internal(set) var activations: Int
    public internal(set) var history: [HistoryEntry]

    public var activeStep: ActiveStep? {
        if case .atStep(let active) = position { active } else { nil }
    }

    public var outcome: Outcome? {
        if case .ended(let outcome, _, _) = position { outcome } else { nil }
    }

    /// Whether the case waits, frozen, for its NIB to be unfrozen (status_nib 05, dibekukan).
    public var isFrozen: Bool { activeStep?.frozenSince != nil }

    /// The latest value an entry of the history gave this attribute.
    public func attribute(_ name: String) -> String? {
        history.last { $0.attributes[name] != nil }?.attributes[name]
    }

    /// Rebuilds a case that a store saved, from its fields and its full history.
    public init(
        restoring id: String, processID: String, reference: String?, openedAt: Date, position: Position,
        pendingOutcome: Outcome?, activations: Int, history: [HistoryEntry], sopVersion: Int? = nil
    ) {
        self.id = id
        self.processID = processID
        self.reference = reference
        self.openedAt = openedAt
        self.sopVersion = sopVersion
        self.position = position
        self.pendingOutcome = pendingOutcome
        self.activations = activations
        self.history = history
    }

    init(id: String, processID: String, sopVersion: Int?, reference: String?, openedAt: Date, position: Position) {
        self.id = id
        self.processID = processID
        self.sopVersion = sopVersion
        self.reference = reference
        self.openedAt = openedAt
        self.position = position
        self.pendingOutcome = nil
        self.activations = 0
        self.history = []
    }
}

/// The step a case waits at, since when, and until when.
public struct ActiveStep: Sendable, Hashable, Codable {
    public let step: Int
    public let activation: Int
    public let since: Date
    /// From the step's time standard and the work calendar; nil where the SOP gives no time.
    public let deadline: Date?
    public internal(set) var deadlinePassed: Bool
    /// Why the case is back at an applicant step, when an officer returned it.
    public let returnReason: String?
    /// Since when the case is frozen (OSS froze its NIB): no task, no running deadline.
    public internal(set) var frozenSince: Date?
}
