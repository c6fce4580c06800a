import Foundation
import GatewayCore
import GatewayStore

/// Work that one change causes within the same writer job. The processing pieces return it instead of
/// calling one another; ``CaseProcessor`` does it depth first (everything an item causes before the items
/// after it), which is the order the SOP's steps happen in, so a reader follows one item at a time.
enum FollowUp {
    /// Carry out what the engine decided: save it, queue its messages, escalate (``EffectApplier``).
    case transition(Transition)
    /// Route a message that waited under a key for its case to open (``InboundRouter``).
    case route(RoutedMessage)
    /// Give a step message to a case (``InboundRouter``).
    case deliver(RoutedMessage, to: String)
    /// Deliver a parked message the case's active step now awaits (``InboundRouter``).
    case drainParked(caseID: String)
    /// Settle one commitment of a permit (``CommitmentKeeper``).
    case settle(Settlement)
    /// Only the applicant's steps remain: settle what the agency's work settles (``CommitmentKeeper``).
    case agencyDone(Case, step: Int, Outcome)
    /// A case ended: settle what only its end settles (``CommitmentKeeper``).
    case caseEnded(Case, Outcome, reason: String?)
    /// What a permit's commitments caused: effective, not effective, a deadline near or passed (``CommitmentKeeper``).
    case permit(PermitCommitments.Effect, PermitStore.Record)
    /// Start or lengthen the statutory clock when the transition reached its step (``CommitmentKeeper``).
    case statutoryClock(Transition)
    /// OSS ended the case: it revoked or cancelled the NIB (a push said so, or the check after one: `method`), or
    /// decided the permit itself (57, 90). Cancel its unsent messages and say so (``InboundRouter``).
    /// - Parameter reference: the NIB or the id_izin OSS spoke of.
    case endedByOSS(caseID: String, reference: String, reason: String, outcome: String, method: String)
    /// A sync log entry, written after what comes before it.
    case log(SyncLogEntry)
}

/// A commitment settled by a message, an officer or a case's end.
struct Settlement: Equatable {
    let idIzin: String
    let kind: CommitmentKind
    let fulfilled: Bool
    /// What settled it: a message id, a case id.
    let evidence: String?
    let reason: String?
}
