import Foundation

/// An event the engine refuses. Each says what is wrong and what would be allowed.
public enum WorkflowError: Error, Sendable, Hashable, CustomStringConvertible {
    case wrongProcess(caseID: String, caseProcess: String, engineProcess: String)
    case wrongVersion(caseID: String, process: String, caseVersion: Int, engineVersion: Int)
    case caseEnded(caseID: String, outcome: Outcome)
    case stepNotActive(step: Int, activeStep: Int)
    case unknownStep(step: Int, process: String)
    case notOfficerStep(step: Int, performer: String, awaits: String?)
    case roleNotHeld(step: Int, role: String, officer: String)
    case unexpectedMessage(name: String, activeStep: Int, awaits: String?)
    case answerRequired(step: Int, question: String)
    case stepHasNoDecision(step: Int)
    case cannotReturnIncomplete(step: Int)
    /// An officer confirming an applicant's step gave no evidence of it (a document, or a note of what OSS shows).
    case evidenceRequired(step: Int)
    /// Only an applicant's step that awaits a message can be confirmed by an officer in the applicant's place.
    case notApplicantStep(step: Int)
    case deadlineNotReached(step: Int, deadline: Date?)
    case caseFrozen(caseID: String, since: Date)
    case notMigratable(caseID: String, reason: String)

    public var description: String {
        switch self {
        case .wrongProcess(let id, let caseProcess, let engineProcess):
            "case \(id) follows SOP '\(caseProcess)', not '\(engineProcess)': use that SOP's engine"
        case .wrongVersion(let id, let process, let caseVersion, let engineVersion):
            "case \(id) follows version \(caseVersion) of SOP '\(process)', not version \(engineVersion): "
                + "use that version's engine, or move the case with gerbang sop migrate"
        case .caseEnded(let id, .approvedByOSS):
            "case \(id) has already ended: OSS approved its permit by itself (57, fiktif positif), so no decision of the agency "
                + "and no status to OSS (45, 93, 50) can follow it"
        case .caseEnded(let id, let outcome):
            "case \(id) has already ended (\(outcome.rawValue)): nothing more can happen to it"
        case .stepNotActive(let step, let active):
            "step \(step) is not the active step: the case is at step \(active)"
        case .unknownStep(let step, let process):
            "SOP '\(process)' has no step \(step): was the definition changed while the case was open?"
        case .notOfficerStep(let step, let performer, let awaits):
            "step \(step) is performed by '\(performer)' and completes when \(awaits.map { "message '\($0)'" } ?? "its message") arrives, not by an officer"
        case .roleNotHeld(let step, let role, let officer):
            "officer '\(officer)' does not hold role '\(role)', which step \(step) needs: a role can only complete its own steps"
        case .unexpectedMessage(let name, let active, let awaits):
            "message '\(name)' is not expected now: the case is at step \(active), which "
                + (awaits.map { "awaits '\($0)'" } ?? "is an officer's step")
        case .answerRequired(let step, let question):
            "step \(step) asks '\(question)': answer yes or no"
        case .stepHasNoDecision(let step):
            "step \(step) has no yes/no decision: complete it without an answer"
        case .cannotReturnIncomplete(let step):
            "step \(step) cannot send the application back to the applicant: its SOP does not allow it there"
        case .evidenceRequired(let step):
            "confirming step \(step) in the applicant's place needs evidence: attach a document (the upload, a screenshot of OSS) or "
                + "write in the note what OSS shows (checkLicenseStatus, its date)"
        case .notApplicantStep(let step):
            "step \(step) is not the applicant's: only a step that waits for the applicant can be confirmed in their place"
        case .deadlineNotReached(let step, let deadline):
            "the deadline of step \(step) (\(deadline.map { "\($0)" } ?? "none")) has not passed yet"
        case .caseFrozen(let id, let since):
            "case \(id) is frozen since \(since) because OSS froze its NIB (status_nib 05): it goes on when the NIB is active again"
        case .notMigratable(let id, let reason):
            "case \(id) cannot be moved to this version: \(reason)"
        }
    }
}
