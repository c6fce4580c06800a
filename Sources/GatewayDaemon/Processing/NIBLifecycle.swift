import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// What a receiveNIB says about the NIB itself, besides its permits: OSS revoked or cancelled it
/// (`tipe_dokumen` 3 pencabutan, 4 pembatalan), froze it (`status_nib` 05 dibekukan, Lampiran 14),
/// revoked it by status (06 dicabut), made it active again, or changed its data (`tipe_dokumen` 5).
/// The agency's cases of that NIB's permits follow: they end revoked or cancelled (not rejected),
/// with their unsent messages cancelled and kept; they freeze and resume; they record each change.
enum NIBLifecycle: Equatable {
    case revoked(reason: String)
    case cancelled(reason: String)
    case frozen(reason: String)
    /// Active (01-04): a frozen case resumes.
    case active
    /// tipe_dokumen 5 with the NIB active: a frozen case resumes, and each case records what changed.
    case updated

    /// What a receiveNIB's tipe_dokumen and status_nib ask for.
    init(tipeDokumen: String?, statusNIB: String?) {
        switch (tipeDokumen, statusNIB) {
        case ("3", _): self = .revoked(reason: "OSS mencabut NIB (tipe_dokumen 3, pencabutan)")
        case ("4", _): self = .cancelled(reason: "OSS membatalkan NIB (tipe_dokumen 4, pembatalan)")
        case (_, "06"): self = .revoked(reason: "NIB dicabut (status_nib 06)")
        case (_, "05"): self = .frozen(reason: "NIB dibekukan (status_nib 05)")
        case ("5", _): self = .updated
        default: self = .active
        }
    }

    /// What a message says of its NIB; nil for anything but a receiveNIB.
    init?(_ message: InboundMessage) {
        guard message.name == "oss.receiveNIB" else { return nil }
        self.init(tipeDokumen: message.attributes["tipe_dokumen"], statusNIB: message.attributes["status_nib"])
    }

    /// Whether the message ends here: a revoked or cancelled NIB opens nothing and delivers nothing.
    var ends: Bool {
        switch self {
        case .revoked, .cancelled: true
        default: false
        }
    }

    /// The events each open case of the NIB is given (an update adds what changed).
    func events(statusNIB: String?) -> [WorkflowEvent] {
        switch self {
        case .revoked(let reason): [.close(outcome: .revoked, reason: reason)]
        case .cancelled(let reason): [.close(outcome: .cancelled, reason: reason)]
        case .frozen(let reason): [.freeze(reason: reason)]
        case .active, .updated: [.resume(reason: "NIB aktif (status_nib \(statusNIB ?? "tidak disebut"))")]
        }
    }

    /// Whether it applies after the message opened and moved its cases: a frozen NIB freezes them all, new ones too.
    var appliesLast: Bool {
        if case .frozen = self { true } else { false }
    }
}

extension InboundRouter {
    /// Applies a receiveNIB to the open cases of its NIB's permits (`nibCases`, read before it opened any) and of the
    /// message's own; returns the cases it touches and the work. Before a revocation or cancellation ends the message,
    /// it is recorded why, also when the NIB is unknown.
    /// - Parameter body: the message as received, to compare with the delivery before it (an update, tipe_dokumen 5).
    func applyNIBLifecycle(_ message: InboundMessage, body: [UInt8], nibCases: [String], in unit: WorkUnit) throws -> (cases: [String], work: [FollowUp]) {
        guard let lifecycle = NIBLifecycle(message), let nib = message.attributes["nib"] else { return ([], []) }
        let caseIDs = try Set(nibCases + message.permits.compactMap { try unit.caseID(forKey: "izin:\($0.idIzin)") }).sorted()
        if lifecycle.ends, caseIDs.isEmpty {
            try unit.log(SyncLogEntry(at: unit.now, system: "oss", method: "receiveNIB", direction: .incoming, messageID: nib,
                                      outcome: "warning", error: "\(lifecycle.text) for NIB \(nib), which no case of this agency is about: kept"))
            return ([], [])
        }
        var events = lifecycle.events(statusNIB: message.attributes["status_nib"])
        if lifecycle == .updated { events.append(.nibChanged(try changes(of: nib, body: body, in: unit))) }
        // An update carries the whole NIB (PIA receiveNIB): a permit of it the agency holds that its data_checklist no
        // longer lists is gone from OSS, and its case, told the update first, has nothing left to process.
        var dropped: [(caseID: String, lifecycle: NIBLifecycle)] = []
        // Only from a checklist read whole: a missing data_checklist or an item without its id_izin says nothing of
        // what the NIB lost, and a case ended wrongly here could not come back.
        if lifecycle == .updated, message.attributes["checklist_whole"] == "Y" {
            let listed = Set(message.permits.map(\.idIzin))
            for record in try unit.database.permits.permits(ofNIB: nib) where !listed.contains(record.commitments.idIzin) {
                guard let caseID = record.caseID else { continue }
                dropped.append((caseID, .revoked(reason: "dicabut oleh OSS: izin \(record.commitments.idIzin) tidak lagi ada di data_checklist "
                                                 + "NIB \(nib) (tipe_dokumen 5)")))
            }
        }
        var applied = try apply(events, of: lifecycle, nib: nib, method: "receiveNIB", to: caseIDs.filter { id in !dropped.contains { $0.caseID == id } },
                                in: unit)
        for (caseID, ending) in dropped {
            let ended = try apply(events + ending.events(statusNIB: nil), of: ending, nib: nib, method: "receiveNIB", to: [caseID], in: unit)
            applied.cases += ended.cases
            applied.work += ended.work
        }
        return applied
    }

    /// What OSS said of a NIB the gateway checked after its push (checkNIB): a NIB frozen (05) or revoked (06)
    /// since OSS pushed it freezes or ends its cases, as a push saying so would. Returns the cases it touches and the work.
    func applyNIBChecked(_ nib: String, statusNIB: String, cases caseIDs: [String], in unit: WorkUnit) throws -> (cases: [String], work: [FollowUp]) {
        let lifecycle = NIBLifecycle(tipeDokumen: nil, statusNIB: statusNIB)
        switch lifecycle {
        case .frozen, .revoked, .cancelled: break
        case .active, .updated: return ([], [])  // as pushed: nothing changed since
        }
        return try apply(lifecycle.events(statusNIB: statusNIB), of: lifecycle, nib: nib, method: "checkNIB", to: caseIDs, in: unit)
    }

    /// Gives each open case the events, in order; a case they end has its unsent messages cancelled, said under `method`.
    private func apply(_ events: [WorkflowEvent], of lifecycle: NIBLifecycle, nib: String, method: String, to caseIDs: [String],
                       in unit: WorkUnit) throws -> (cases: [String], work: [FollowUp]) {
        let open = try caseIDs.compactMap { try unit.loadCase($0) }.filter { $0.activeStep != nil }
        var touched: [String] = []
        var work: [FollowUp] = []
        for opened in open {
            guard let engine = procedures.engine(of: opened) else { continue }
            var current = opened
            for event in events {
                let next = try engine.transition(event, on: current, at: unit.now)
                guard !next.appended.isEmpty else { continue }  // nothing to do for this case (resuming one not frozen)
                work.append(.transition(next))
                current = next.case
            }
            guard current != opened else { continue }
            touched.append(current.id)
            if lifecycle.ends {
                work.append(.endedByOSS(caseID: current.id, reference: nib, reason: lifecycle.text, outcome: current.outcome?.rawValue ?? "ended",
                                        method: method))
            }
        }
        return (touched, work)
    }

    /// A case OSS ended (a revoked or cancelled NIB, a permit OSS decided itself): its unsent messages are cancelled and
    /// kept, and the log says why.
    func endedByOSS(_ caseID: String, reference: String, reason: String, outcome: String, method: String, in unit: WorkUnit) throws {
        let cancelled = try unit.database.outbox.cancel(caseID: caseID, reason: "dibatalkan: \(reason)")
        try unit.log(SyncLogEntry(
            at: unit.now, system: "oss", method: method, direction: .incoming, caseID: caseID, messageID: reference, outcome: outcome,
            error: reason + (cancelled.isEmpty ? "" : "; \(cancelled.count) unsent message(s) cancelled: " + cancelled.joined(separator: ", "))))
    }

    /// The fields a NIB update (`body`, not yet kept) changed since the delivery before it (kept in the inbox).
    private func changes(of nib: String, body: [UInt8], in unit: WorkUnit) throws -> [FieldChange] {
        let wrapper = OSSMethod.receiveNIB.requestWrapper
        guard let previous = try unit.database.inbox.latest(dedupPrefix: "oss:receiveNIB:\(nib):"),
              let earlier = try? JSONValue.decode(previous.body).field(wrapper),
              let now = try? JSONValue.decode(body).field(wrapper) else { return [] }
        return DataNIB(now).changes(since: DataNIB(earlier))
    }
}

extension NIBLifecycle {
    /// What the lifecycle is, said for the sync log.
    var text: String {
        switch self {
        case .revoked(let reason), .cancelled(let reason), .frozen(let reason): reason
        case .active: "NIB aktif"
        case .updated: "NIB diperbarui"
        }
    }
}
