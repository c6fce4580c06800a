import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// Carries out what the workflow engine decided, the one place its effects are interpreted: it saves the
/// transition with its deadline rows, queues the messages its steps send, records escalations, and hands on
/// what reaches further (a case's end to its commitments, the statutory clock, parked messages) as follow-ups.
package struct EffectApplier: Sendable {
    let rules: RoutingRules
    let composer: OutboundComposer
    /// The role a late step's role is escalated to (settings: serviceLevels.escalateTo).
    let escalateTo: [String: String]

    /// Saves a transition: the case, its history and its deadline rows (when the job ends, ``WorkUnit/finish()``).
    /// All a recomputed deadline needs.
    func record(_ transition: Transition, in unit: WorkUnit) throws {
        unit.save(transition)
    }

    /// Saves a transition and carries out each of its effects; returns what they cause further.
    func apply(_ transition: Transition, in unit: WorkUnit) throws -> [FollowUp] {
        try record(transition, in: unit)
        let current = transition.case
        var work: [FollowUp] = []
        for effect in transition.effects {
            switch effect {
            case .send(let name, let step):
                guard let rule = rules.outbound[name] else { continue }
                try unit.enqueue(composer.message(name, rule: rule, case: current, step: step,
                                                  activation: Self.activation(of: step, in: transition), in: unit))
            case .notifyApplicant(let step, let reason):
                guard let rule = rules.notifyApplicant[current.processID] else {
                    try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "notifyApplicant", direction: .outgoing,
                                              caseID: current.id, outcome: "warning",
                                              error: "the application went back to the applicant, but no system tells them (config/routing.json notifyApplicant)"))
                    continue
                }
                try unit.enqueue(composer.message("notifyApplicant", rule: rule, case: current, step: step,
                                                  activation: Self.activation(of: step, in: transition), reason: reason, in: unit))
            case .escalate(let step, let role, let deadline):
                let to = escalateTo[role]
                try unit.database.escalations.record(.init(caseID: current.id, step: step, role: role, escalatedTo: to, deadline: deadline,
                                                           at: unit.now))
                try unit.log(SyncLogEntry(
                    at: unit.now, system: "gateway", method: "sla.breach", direction: .outgoing, caseID: current.id, messageID: "step \(step)",
                    outcome: "escalated",
                    error: "step \(step) (\(role)) passed its time standard at \(JakartaTime.iso(deadline))"
                        + (to.map { "; escalated to \($0)" } ?? "; no role above \(role): recorded")))
            case .remindApplicant(let step, let deadline):
                try unit.log(SyncLogEntry(
                    at: unit.now, system: "gateway", method: "sla.reminder", direction: .outgoing, caseID: current.id, messageID: "step \(step)",
                    outcome: "warning",
                    error: "step \(step) is the applicant's and passed its time standard at \(JakartaTime.iso(deadline)): their time, not the "
                        + "agency's; reminded, not escalated"))
            case .agencyDone(let step, let outcome):
                work.append(.agencyDone(current, step: step, outcome))
            case .ended(let outcome, let reason):
                // A case the agency closed: the system the application came through hears why (routing.json withdrawn).
                if outcome == .withdrawn, let rule = rules.withdrawn?[current.processID], try !nothingToClose(current, with: rule, in: unit) {
                    let step = current.history.last { $0.step != nil }?.step ?? 0
                    try unit.enqueue(composer.message("withdrawn", rule: rule, case: current, step: step,
                                                      activation: current.activations, reason: reason, in: unit))
                }
                work.append(.caseEnded(current, outcome, reason: reason))
            case .scheduleDeadline, .cancelDeadline:
                continue  // saved with the transition (CaseStore.save)
            case .awaitMessage(_, let name, _) where rules.messageNames(for: OSSInbound.attachmentShownName, sop: current.processID).contains(name):
                // Only the reconciler sees it happen (checkLicenseStatus shows the upload): the case's permits are asked
                // about until the case ends, even after a final status (the agency's own 50 before SOP 004 step 8).
                for idIzin in try CommitmentKeeper.permits(of: current.id, in: unit) { try unit.database.permits.watchAtOSS(idIzin, true) }
            case .assignTask, .awaitMessage:
                continue  // tasks are what the API lists
            }
        }
        work.append(.statutoryClock(transition))
        if current.activeStep != nil { work.append(.drainParked(caseID: current.id)) }
        return work
    }

    /// Whether a withdrawal's closure has no SIINas request to close: none came yet (SOP 000 at step 1, SOP 002 before
    /// SIINas asked for the verification), or the case's BAP decided it (SOP 002 step 17, sent or on its way), which SIINas
    /// would refuse (409). The sync log says why SIINas hears nothing.
    private func nothingToClose(_ current: Case, with rule: RoutingRules.Outbound, in unit: WorkUnit) throws -> Bool {
        guard rule.operation == .siinasClose else { return false }
        let why: String
        if try !unit.database.caseKeys.keys(of: current.id).contains(where: { $0.hasPrefix("siinas:") }) {
            why = "no SIINas request came for the case yet: nothing to close there"
        } else if try unit.database.outbox.hasLive(caseID: current.id, kind: OutboundOperation.siinasUploadBAP.rawValue) {
            why = "its BAP decided the SIINas request, which takes no closure after it"
        } else {
            return false
        }
        try unit.log(SyncLogEntry(at: unit.now, system: "siinas", method: "siinas.close", direction: .outgoing, caseID: current.id,
                                  outcome: "skipped", error: why))
        return true
    }

    /// The activation of the step entry a transition completed or started.
    static func activation(of step: Int, in transition: Transition) -> Int {
        for entry in transition.appended.reversed() where entry.step == step {
            switch entry.event {
            case .completed(let activation, _, _, _), .started(let activation, _), .returnedIncomplete(let activation, _):
                return activation
            default:
                continue
            }
        }
        return transition.case.activations
    }
}
