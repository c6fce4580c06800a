/// Something that happens to a case. The engine decides whether it is
/// allowed now and what it leads to.
public enum WorkflowEvent: Sendable, Hashable {
    /// An officer finished the active step; `answer` is required exactly when the step has a decision.
    /// `attributes` carry what the step settled that later steps need (a BAP's number and result).
    case complete(step: Int, by: Officer, answer: Answer? = nil, note: String? = nil, documents: [String] = [], attributes: [String: String] = [:])
    /// An officer sends the application back to the applicant as incomplete (only on steps that allow it).
    case returnIncomplete(step: Int, by: Officer, note: String)
    /// An officer of the SOP confirms the applicant's active step in their place, with evidence (a document, or a note
    /// of what OSS shows): the message the step awaits may never come (SOP 004 step 8: whether OSS shows an applicant's
    /// upload in checkLicenseStatus's file_lampiran is not in the guide), so no case hangs on it.
    case confirmForApplicant(step: Int, by: Officer, note: String?, documents: [String])
    /// An officer attached documents (a draft BAP, a letter) to the active step without completing it.
    case attach(step: Int, by: Officer, documents: [String], note: String? = nil)
    /// A national system or the applicant's application sent the message the active step awaits.
    case message(name: String, answer: Answer? = nil, note: String? = nil, documents: [String] = [], attributes: [String: String] = [:])
    /// The sweeper found the deadline of this step activation passed.
    case deadlinePassed(step: Int, activation: Int)
    /// The work calendar changed (a year's SKB list arrived, DESIGN.md rule 12): the active step's
    /// deadline is computed again from when the step started. Nothing happens when it stays the same
    /// or has already passed (the breach on record stands).
    case recomputeDeadline
    /// Something outside the SOP settled the case, so its remaining steps no
    /// longer apply: a technical verification found the business not ready
    /// and the permit stays not effective (PP 5/2021), for example.
    case close(outcome: Outcome, reason: String)
    /// The agency closes the case before its SOP ends (the applicant withdrew the application, or it cannot go
    /// on), by the officer acting in `role`, with the reason: it ends ``Outcome/withdrawn``, whatever step it was at.
    /// Who may do it (the Kepala Dinas, an administrator) is the daemon's rule, as the API's roles are.
    case withdraw(by: Officer, role: String, reason: String)
    /// OSS froze the case's NIB (status_nib 05, dibekukan; Lampiran 14): the step's deadline stops
    /// and its task is withdrawn until ``resume(reason:)``. Freezing a frozen case changes nothing.
    case freeze(reason: String)
    /// The NIB is active again: the step's deadline runs on with the working time it had left.
    case resume(reason: String)
    /// OSS sent the NIB again with changed data (tipe_dokumen 5): recorded in the history, the case goes on.
    case nibChanged([FieldChange])
}
