import Foundation
import GatewayCore
import GatewayStore

/// What officers do to a case's active step through the API: complete it (with an answer, a note,
/// attributes and a document), return the file as incomplete, or attach a document without completing it.
/// Each is for an officer holding the step's role.
struct OfficerActions: Sendable {
    let procedures: Procedures
    let rules: RoutingRules
    let documents: DocumentIntake

    /// Completes (or returns as incomplete) the active step; returns the transition and its log entry, in order.
    func decide(_ decision: OfficerDecision, on caseID: String, by officer: Secrets.RoleToken, in unit: WorkUnit) throws -> [FollowUp] {
        let (current, engine, step, active) = try officerStep(decision.step, of: caseID, for: officer, in: unit)
        let who = Officer(id: officer.officer, roles: Set(officer.roles))
        let event: WorkflowEvent
        if decision.returnIncomplete == true {
            event = .returnIncomplete(step: step.number, by: who, note: decision.note ?? "berkas belum lengkap")
        } else if decision.confirmForApplicant == true {
            // The applicant's step has no role of the agency's: any officer of the SOP may confirm it, no one else.
            let officers = engine.definition.officerRoles
            guard officers.contains(where: officer.roles.contains) else {
                throw ProcessingError.notAllowed(action: "confirming step \(step.number) in the applicant's place", roles: officers,
                                                 tokenRoles: officer.roles)
            }
            let kept = try decision.document.map { try documents.keep($0, caseID: caseID, step: step.number, activation: active.activation, in: unit) }
            event = .confirmForApplicant(step: step.number, by: who, note: decision.note, documents: kept.map { [$0.id] } ?? [])
        } else {
            let attributes = decision.attributes ?? [:]
            let kept = try decision.document.map { try documents.keep($0, caseID: caseID, step: step.number, activation: active.activation, in: unit) }
            // The step's document: the decision's, or one attached to this activation before it (POST …/documents).
            let document = try kept ?? attachedDocument(to: active.activation, of: current, in: unit)
            if let document { try fitsReceivers(document.name, size: document.bytes.count, type: document.contentType, of: step, in: current) }
            let missing = step.sends.flatMap { name in
                rules.outbound[name].map {
                    OutboundComposer.missing($0, attributes: attributes, document: document.map { ($0.contentType, $0.bytes.count) })
                } ?? []
            }
            guard missing.isEmpty else { throw ProcessingError.incomplete(step: step.number, missing: missing) }
            // The completion names the document it rests on, given now or attached before: what its messages carry.
            event = .complete(step: step.number, by: who, answer: decision.answer, note: decision.note, documents: document.map { [$0.id] } ?? [],
                              attributes: attributes)
        }
        return [.transition(try engine.transition(event, on: current, at: unit.now)),
                .log(SyncLogEntry(at: unit.now, system: "gateway", method: "decision", direction: .incoming, caseID: caseID,
                                  messageID: "step \(step.number) by \(officer.officer)", outcome: "accepted", error: nil))]
    }

    /// Attaches a document to the active step without completing it (a draft, a letter).
    func attach(_ document: OfficerDecision.Document, step number: Int, note: String?, on caseID: String, by officer: Secrets.RoleToken,
                in unit: WorkUnit) throws -> [FollowUp] {
        let (current, engine, step, active) = try officerStep(number, of: caseID, for: officer, in: unit)
        let kept = try documents.keep(document, caseID: caseID, step: step.number, activation: active.activation, in: unit)
        try fitsReceivers(kept.name, size: kept.bytes.count, type: kept.contentType, of: step, in: current)
        let who = Officer(id: officer.officer, roles: Set(officer.roles))
        return [.transition(try engine.transition(.attach(step: step.number, by: who, documents: [kept.id], note: note), on: current, at: unit.now)),
                .log(SyncLogEntry(at: unit.now, system: "gateway", method: "document", direction: .incoming, caseID: caseID,
                                  messageID: kept.id, outcome: "accepted", error: nil))]
    }

    /// The roles that may close a case before its SOP ends, in the order the history names the first one held.
    static let mayWithdraw = ["kadis", "admin"]
    /// A reason's longest (docs/openapi/gateway.yaml): it travels in SIPRO's catatan and the history.
    static let maxReasonLength = 1000

    /// Closes an open case before its SOP ends, for the Kepala Dinas or an administrator, with the reason (the
    /// applicant withdrew, or the file cannot go on): it ends withdrawn, whatever step it is at (a frozen one too).
    /// The system the application came through is told (routing.json `withdrawn`, by ``EffectApplier``).
    func withdraw(_ caseID: String, reason: String, by officer: Secrets.RoleToken, in unit: WorkUnit) throws -> [FollowUp] {
        let action = "closing case \(caseID)"
        guard let role = Self.mayWithdraw.first(where: officer.roles.contains) else {
            throw ProcessingError.notAllowed(action: action, roles: Self.mayWithdraw, tokenRoles: officer.roles)
        }
        // Counted as given, as JSON Schema counts (code points), then kept without the spaces around it.
        guard reason.unicodeScalars.count <= Self.maxReasonLength else {
            throw ProcessingError.badReason(action: action, problem: "\(reason.unicodeScalars.count) characters is over the \(Self.maxReasonLength) it may have")
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ProcessingError.badReason(action: action, problem: "\"reason\" is empty") }
        guard let current = try unit.loadCase(caseID), let engine = procedures.engine(of: current) else {
            throw ProcessingError.caseNotFound(caseID)
        }
        guard current.activeStep != nil else { throw ProcessingError.refused(.caseEnded(caseID: caseID, outcome: current.outcome ?? .rejected)) }
        let who = Officer(id: officer.officer, roles: Set(officer.roles))
        return [.transition(try engine.transition(.withdraw(by: who, role: role, reason: reason), on: current, at: unit.now)),
                .log(SyncLogEntry(at: unit.now, system: "gateway", method: "withdrawal", direction: .incoming, caseID: caseID,
                                  messageID: "by \(officer.officer) as \(role)", outcome: "accepted", error: nil))]
    }

    /// A document at a step that sends it on must fit what each receiver takes: refused now (413, naming the receiver
    /// and its limit), not by the receiver after the case moved on, where the message would die.
    /// The PDF at the step whose paper a status to OSS links (routing.json statusDocument) is held to OSS's limit too.
    private func fitsReceivers(_ name: String, size: Int, type: String, of step: Step, in current: Case) throws {
        for (message, receiver) in receivers(of: step, in: current, type: type) where size > receiver.maxBytes {
            throw ProcessingError.documentTooLarge(
                name: name, reason: "\(size) bytes is over the \(receiver.maxBytes / 1_048_576) MB \(receiver.name) takes: step \(step.number) "
                    + "sends it there (\(message)); attach a smaller file")
        }
    }

    /// Where a document of `type` attached to `step` goes, and the largest file each receiver takes: the messages the
    /// step sends with a document, and the status OSS gets with routing.json's statusDocument step's PDF.
    func receivers(of step: Step, in current: Case, type: String = "application/pdf") -> [(message: String, receiver: (name: String, maxBytes: Int))] {
        let statusStep = rules.statusDocumentStep(of: current.processID, version: current.sopVersion, in: procedures.library)
        let linked = statusStep == step.number && type.lowercased() == "application/pdf"
            ? [("a status to OSS", OutboundOperation.ossStatus)] : []
        return (step.sends.compactMap({ name in rules.outbound[name].map { (name, $0.operation) } }) + linked).compactMap { message, operation in
            operation.documentReceiver.map { (message, $0) }
        }
    }

    /// The newest document attached to a step's activation without completing it.
    private func attachedDocument(to activation: Int, of current: Case, in unit: WorkUnit) throws -> DocumentStore.Document? {
        let attached = current.history.last { entry in
            if case .attached(let attachedTo) = entry.event { attachedTo == activation && !entry.documents.isEmpty } else { false }
        }
        return try attached?.documents.last.flatMap { try unit.database.documents.document($0) }
    }

    /// The case, its engine and its active step, when `number` is that step and the officer holds its role.
    private func officerStep(_ number: Int, of caseID: String, for officer: Secrets.RoleToken, in unit: WorkUnit) throws
        -> (Case, WorkflowEngine, Step, ActiveStep) {
        guard let current = try unit.loadCase(caseID), let engine = procedures.engine(of: current) else {
            throw ProcessingError.caseNotFound(caseID)
        }
        guard let active = current.activeStep else { throw ProcessingError.refused(.caseEnded(caseID: caseID, outcome: current.outcome ?? .rejected)) }
        guard number == active.step else { throw ProcessingError.refused(.stepNotActive(step: number, activeStep: active.step)) }
        guard let step = engine.definition.step(active.step), let role = engine.definition.role(step.role) else {
            throw ProcessingError.refused(.unknownStep(step: active.step, process: current.processID))
        }
        if role.kind == .officer, !officer.roles.contains(step.role) {
            throw ProcessingError.wrongRole(step: step.number, role: step.role, title: role.title, tokenRoles: officer.roles)
        }
        if let nib = try unit.database.nibChecks.awaited(byCase: caseID, reference: current.reference) {
            throw ProcessingError.awaitingNIBCheck(caseID: caseID, nib: nib)
        }
        return (current, engine, step, active)
    }
}
