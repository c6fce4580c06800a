import Foundation

/// What a transition asks the world around the engine to do. The engine
/// itself does no I/O: the daemon carries effects out after committing the
/// new case state in the same transaction as the outbox rows they create.
public enum Effect: Sendable, Hashable {
    /// An officer step is waiting for someone in `role`.
    case assignTask(step: Int, role: String, deadline: Date?)
    /// An applicant or system step is waiting for an inbound message.
    case awaitMessage(step: Int, name: String, deadline: Date?)
    /// Store a deadline row so the sweeper raises `deadlinePassed` even after a restart.
    case scheduleDeadline(step: Int, activation: Int, at: Date)
    /// The step finished; its deadline row no longer matters.
    case cancelDeadline(step: Int, activation: Int)
    /// An outbound message the completed step causes (named in the SOP definition).
    case send(message: String, step: Int)
    /// Tell the applicant their application came back to them, and why.
    case notifyApplicant(step: Int, reason: String?)
    /// A time standard was missed: whoever supervises `role` should know.
    case escalate(step: Int, role: String, deadline: Date)
    /// An applicant's step passed its time standard: remind them (the time is theirs, nothing is escalated).
    case remindApplicant(step: Int, deadline: Date)
    /// Only the applicant's steps remain (``ProcessDefinition/onlyTheApplicantActs(from:)``): the agency's work on
    /// the case ended at `step`'s start with `outcome` (what a decision settled, else approved), though the case
    /// stays open for the applicant.
    case agencyDone(step: Int, outcome: Outcome)
    case ended(outcome: Outcome, reason: String?)
}

/// The result of one event: the new case, the history it added and the effects to carry out.
public struct Transition: Sendable, Hashable {
    public let `case`: Case
    /// The entries this event appended to the case's history, in order.
    public let appended: [HistoryEntry]
    public let effects: [Effect]
}
