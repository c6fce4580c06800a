import Foundation

/// A condition a permit must meet before it is effective (Komitmen).
public enum CommitmentKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Industry data reported in SIINas (Permenperin 2/2019; SOP 002 step 3).
    case industryData
    /// The Dinas's technical verification with its BAP (SOP 002 steps 8-17, SOP 000, SOP 004).
    case technicalVerification
    /// The Dinas's recommendation letter to DPMPTSP (SOP 001).
    case recommendation
}

/// One commitment of one permit: its state, what proves it, and when it is due.
public struct Commitment: Sendable, Hashable, Codable {
    /// Why the statutory clock stands still: the time is not the agency's.
    public enum Pause: String, Sendable, Hashable, Codable {
        /// The applicant holds a file returned as incomplete (SOP 000 step 5, SOP 003 step 2).
        case returned
        /// OSS froze the NIB (status_nib 05).
        case frozen
    }

    public enum State: String, Sendable, Hashable, Codable {
        case pending, fulfilled, failed
    }

    public let kind: CommitmentKind
    public internal(set) var state: State
    /// What settled it: a SIINas notification id, a BAP number, a letter's message id.
    public internal(set) var evidence: String?
    /// The statutory deadline, after which OSS may approve by itself (status 57).
    public internal(set) var dueAt: Date?
    /// When a warning that the deadline is near was raised.
    public internal(set) var warnedAt: Date?
    public internal(set) var updatedAt: Date
    /// When the statutory clock started: the agency held a complete application (the SOP's step named in routing.json).
    public internal(set) var clockStartedAt: Date?
    /// The statutory period in working days: the evaluation's, or a field check's.
    public internal(set) var workingDays: Int?
    /// When the deadline passed with the commitment still pending: recorded and escalated once.
    public internal(set) var breachedAt: Date?
    /// Since when the clock stands still, and why.
    public internal(set) var pausedAt: Date?
    public internal(set) var pausedFor: Pause?
    /// The working seconds the clock stood still in earlier pauses, by which its deadline moved (nil: none).
    public internal(set) var pausedWorkingSeconds: Int?

    public init(kind: CommitmentKind, state: State = .pending, evidence: String? = nil, dueAt: Date? = nil, warnedAt: Date? = nil, updatedAt: Date,
                clockStartedAt: Date? = nil, workingDays: Int? = nil, breachedAt: Date? = nil, pausedAt: Date? = nil,
                pausedFor: Pause? = nil, pausedWorkingSeconds: Int? = nil) {
        self.kind = kind
        self.state = state
        self.evidence = evidence
        self.dueAt = dueAt
        self.warnedAt = warnedAt
        self.updatedAt = updatedAt
        self.clockStartedAt = clockStartedAt
        self.workingDays = workingDays
        self.breachedAt = breachedAt
        self.pausedAt = pausedAt
        self.pausedFor = pausedFor
        self.pausedWorkingSeconds = pausedWorkingSeconds
    }

    /// The statutory deadline of a running clock: `workingDays` from its start, moved on by the time it stood still.
    func due(calendar: WorkCalendar) -> Date? {
        guard let start = clockStartedAt, let days = workingDays else { return nil }
        let unpaused = calendar.adding(workingDays: days, to: start)
        guard let paused = pausedWorkingSeconds, paused > 0 else { return unpaused }
        return calendar.adding(workingSeconds: paused, to: unpaused)
    }

    /// The commitments the agency itself settles, which the statutory clock runs for.
    public static let agencyKinds: Set<CommitmentKind> = [.technicalVerification, .recommendation]
}
