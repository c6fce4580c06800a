import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// Takes a message to the cases it is about (by their keys: `izin:`, `siinas:`, `sipro:`): settles the
/// commitments it settles, completes the step awaiting it, or parks it until its case, or its step, is there.
struct InboundRouter: Sendable {
    let procedures: Procedures
    let rules: RoutingRules

    /// Returns the cases the message reached and the work it causes; parks it under its key when no case exists yet.
    func route(_ message: RoutedMessage, in unit: WorkUnit) throws -> (cases: [String], work: [FollowUp]) {
        let db = unit.database
        var work = settlements(of: message).map(FollowUp.settle)
        var caseIDs: [String] = []
        var unbound: [String] = []
        for key in message.keys {
            if let id = try unit.caseID(forKey: key) {
                if !caseIDs.contains(id) { caseIDs.append(id) }
            } else {
                unbound.append(key)
            }
        }
        guard !caseIDs.isEmpty else {
            // A message that opens cases (a receiveNIB) and opened none has no case to wait for; others may come early.
            let routed = rules.messages[message.inbound] != nil && !rules.open.contains { $0.on == message.inbound }
            if routed, let key = message.keys.first {
                try db.parked.park(caseID: "key:\(key)", message: message.inbound, event: try JSONEncoder().encode(message), at: unit.now)
            }
            work.append(.log(SyncLogEntry(
                at: unit.now, system: message.system, method: message.inbound, direction: .incoming, idIzin: message.idIzin,
                messageID: message.messageID, outcome: routed ? "parked" : "ignored",
                error: routed ? "no case for \(message.keys.joined(separator: ", ")) yet: kept until one opens"
                    : "no routing rule takes it (config/routing.json): kept in the inbox")))
            return ([], work)
        }
        if let decided = Self.decidedByOSS(message) {
            for caseID in caseIDs {
                guard let current = try unit.loadCase(caseID), current.activeStep != nil, let engine = procedures.engine(of: current) else { continue }
                work.append(.transition(try engine.transition(.close(outcome: decided.outcome, reason: decided.reason), on: current, at: unit.now)))
                work.append(.endedByOSS(caseID: caseID, reference: message.idIzin ?? message.messageID, reason: decided.reason,
                                        outcome: decided.outcome.rawValue, method: "checkLicenseStatus"))
            }
            return (caseIDs, work)
        }
        for caseID in caseIDs {
            // Bind the message's other keys (a SIINas request id) to the case found by one of them; a NIB's
            // permits are each their own, so one's case never takes another's key.
            if message.inbound != "oss.receiveNIB" { for key in unbound { try unit.bind(key, to: caseID) } }
            guard let current = try unit.loadCase(caseID) else { continue }
            for name in rules.messageNames(for: message.inbound, sop: current.processID) {
                work.append(.deliver(message.carrying(name), to: caseID))
            }
        }
        return (caseIDs, work)
    }

    /// What OSS decided of a permit by itself, whatever step its case is at (oss-rba.md §1.7): 57, approved once the
    /// agency's statutory time passed (fiktif positif, UU 11/2020 Pasal 175 angka 6), and 90, refused. Nothing is
    /// left for the agency to decide: the case ends (SOP 002 step 20 included, whose "no" means not yet effective,
    /// not refused). Nil for any other message or status.
    static func decidedByOSS(_ message: RoutedMessage) -> (outcome: Outcome, reason: String)? {
        guard message.inbound == "oss.licenseStatus" else { return nil }
        switch message.attributes["kd_status"] {
        case "57": return (.approvedByOSS, "OSS menyetujui izin dengan sendirinya (57, fiktif positif): batas waktu hukum dinas terlewati")
        case "90": return (.rejected, "OSS menolak izin (90, Ditolak)")
        default: return nil
        }
    }

    /// The commitments a message settles (routing.json commitments), by its answer where the rule says so.
    private func settlements(of message: RoutedMessage) -> [Settlement] {
        guard let idIzin = message.idIzin else { return [] }
        return rules.commitments.filter { $0.on == message.inbound }.compactMap { rule in
            switch (rule.settle, message.answer) {
            case (.fulfilled, _), (.byAnswer, .yes?), (.ifYes, .yes?):
                Settlement(idIzin: idIzin, kind: rule.kind, fulfilled: true, evidence: message.messageID, reason: nil)
            case (.byAnswer, .no?):
                Settlement(idIzin: idIzin, kind: rule.kind, fulfilled: false, evidence: message.messageID,
                           reason: message.note ?? "\(message.system) \(message.inbound): \(rule.kind.rawValue) tidak terpenuhi")
            default:
                nil
            }
        }
    }

    /// Gives a step message to a case: completes the awaiting step, or parks it until the case gets there.
    func deliver(_ message: RoutedMessage, to caseID: String, in unit: WorkUnit) throws -> [FollowUp] {
        guard let name = message.step, let current = try unit.loadCase(caseID), let engine = procedures.engine(of: current) else { return [] }
        let entry = { (outcome: String, error: String) in
            SyncLogEntry(at: unit.now, system: message.system, method: message.inbound, direction: .incoming, caseID: caseID,
                         idIzin: message.idIzin, messageID: message.messageID, outcome: outcome, error: error)
        }
        guard let active = current.activeStep else {
            try unit.log(entry("ignored", "case \(caseID) has ended: \(name) changes nothing"))
            return []
        }
        guard engine.definition.step(active.step)?.awaits == name else {
            try unit.database.parked.park(caseID: caseID, message: name, event: try JSONEncoder().encode(message), at: unit.now)
            try unit.log(entry("parked", "case \(caseID) is at step \(active.step), not yet at the step awaiting \(name)"))
            return []
        }
        // A message's answer matters only to a deciding step (SIINas's kd_status 45 also arrives at step 19, which does not decide).
        let answer = engine.definition.step(active.step)?.decision == nil ? nil : message.answer
        do {
            return [.transition(try engine.handle(.message(name: name, answer: answer, note: message.note, attributes: message.attributes),
                                                  on: current, at: unit.now))]
        } catch {
            // Kept in the inbox and logged for an operator; the sender's delivery still succeeded.
            try unit.log(entry("refused", error.description))
            return []
        }
    }

    /// The parked message the case's active step now awaits, if any, to be delivered (which drains again after its transition).
    func drainParked(_ caseID: String, in unit: WorkUnit) throws -> [FollowUp] {
        let db = unit.database
        guard let current = try unit.loadCase(caseID), let active = current.activeStep,
              let awaited = procedures.engine(of: current)?.definition.step(active.step)?.awaits,
              let parked = try db.parked.parked(caseID: caseID).first(where: { $0.message == awaited }),
              let message = try? JSONDecoder().decode(RoutedMessage.self, from: parked.event) else { return [] }
        try db.parked.remove(parked.id)
        return [.deliver(message, to: caseID)]
    }
}
