import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// Keeps the commitments a permit needs before it becomes effective (PP 5/2021): settles them as messages,
/// officers and case ends say, runs their statutory clock, sweeps their deadlines, and tells OSS and the case
/// what their effectiveness became.
struct CommitmentKeeper: Sendable {
    let procedures: Procedures
    let rules: RoutingRules
    let levels: GatewaySettings.ServiceLevels
    let calendar: WorkCalendar
    let composer: OutboundComposer

    func settle(_ settlement: Settlement, in unit: WorkUnit) throws -> [FollowUp] {
        guard let record = try unit.database.permits.permit(settlement.idIzin) else { return [] }
        var commitments = record.commitments
        let effects = commitments.settle(settlement.kind, fulfilled: settlement.fulfilled, evidence: settlement.evidence,
                                         reason: settlement.reason, at: unit.now)
        guard commitments != record.commitments else { return [] }
        try unit.database.permits.update(commitments, at: unit.now)
        try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "komitmen.\(settlement.kind.rawValue)", direction: .incoming,
                                  caseID: record.caseID, idIzin: settlement.idIzin, messageID: settlement.evidence,
                                  outcome: settlement.fulfilled ? "fulfilled" : "failed", error: settlement.fulfilled ? nil : settlement.reason))
        return effects.map { .permit($0, record) }
    }

    /// A case that ends settles its permit's commitments nothing else settles (the verification it performed). A permit OSS
    /// approved by itself (57) has them met by law; one whose NIB OSS revoked or cancelled, or that OSS refused itself
    /// (90), has nothing left to settle, warn of, escalate or ask OSS about: it ends.
    func caseEnded(_ ended: Case, outcome: Outcome, reason: String?, in unit: WorkUnit) throws -> [FollowUp] {
        var work: [FollowUp] = []
        for idIzin in try Self.permits(of: ended.id, in: unit) {
            guard let record = try unit.database.permits.permit(idIzin) else { continue }
            try unit.database.permits.watchAtOSS(idIzin, false)  // nothing of it is awaited any more
            // Nothing left to pursue: a NIB gone, a permit OSS refused, an application the agency closed.
            if outcome == .revoked || outcome == .cancelled || outcome == .withdrawn || record.ossStatus == "90" {
                try end(record, reason: reason ?? "case \(ended.id) ended \(outcome.rawValue)", caseID: ended.id, in: unit)
                continue
            }
            work += Self.pending(of: record, fulfilled: outcome == .approved || outcome == .approvedByOSS,
                                 evidence: outcome == .approvedByOSS ? "OSS 57" : ended.id,
                                 reason: reason ?? "case \(ended.id) ended \(outcome.rawValue)")
        }
        return work
    }

    /// The agency's part of a case ended (only the applicant's steps remain, SOP 004 step 8): the commitments its case
    /// settles are settled now by what it decided, so the statutory time, the permit's effectiveness and OSS's status
    /// wait on the agency alone, never on the applicant's upload.
    func agencyDone(_ current: Case, step: Int, outcome: Outcome, in unit: WorkUnit) throws -> [FollowUp] {
        try Self.permits(of: current.id, in: unit).flatMap { idIzin in
            guard let record = try unit.database.permits.permit(idIzin) else { return [FollowUp]() }
            return Self.pending(of: record, fulfilled: outcome == .approved, evidence: current.id,
                                reason: "case \(current.id): the agency's part ended \(outcome.rawValue) at step \(step), the applicant's next")
        }
    }

    /// Settles each commitment of the permit still pending.
    private static func pending(of record: PermitStore.Record, fulfilled: Bool, evidence: String, reason: String) -> [FollowUp] {
        record.commitments.commitments.filter { $0.state == .pending }.map { commitment in
            .settle(Settlement(idIzin: record.commitments.idIzin, kind: commitment.kind, fulfilled: fulfilled, evidence: evidence, reason: reason))
        }
    }

    /// Ends a permit still pending, and says so in the sync log.
    private func end(_ record: PermitStore.Record, reason: String, caseID: String, in unit: WorkUnit) throws {
        var commitments = record.commitments
        guard commitments.end(reason: reason, at: unit.now) else { return }
        try unit.database.permits.update(commitments, at: unit.now)
        try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "komitmen.ended", direction: .incoming, caseID: caseID,
                                  idIzin: commitments.idIzin, outcome: "ended",
                                  error: "\(reason): its commitments are not settled, warned of or escalated, and OSS is no longer asked about it"))
    }

    /// What a change of a permit's commitments causes: OSS told, the case closed, the head of the agency warned.
    func permitEffect(_ effect: PermitCommitments.Effect, record: PermitStore.Record, in unit: WorkUnit) throws -> [FollowUp] {
        switch effect {
        case .becameEffective:
            // OSS approved it by itself (57): the agency has nothing left to tell OSS of it.
            if record.approvedByOSSAt != nil { return [] }
            // What the agency's authority says of it, if anything: in SOP 002 SIINas and OSS notify, not the Dinas.
            if let sop = record.sop, let code = composer.ossCode(sop: sop, .effective) {
                try unit.enqueue(composer.statusPush(code, permit: record, keterangan: "Seluruh komitmen terpenuhi: izin berlaku efektif", in: unit))
            }
            return []
        case .stayedNotEffective(_, let reason):
            // Not a rejection: the permit exists and waits for its commitments (oss-rba.md §1.7: 12 or 52).
            if let sop = record.sop, let code = composer.ossCode(sop: sop, .notEffective) {
                try unit.enqueue(composer.statusPush(code, permit: record, keterangan: "Izin belum berlaku efektif: \(reason)", in: unit))
            }
            // The SOP's remaining steps no longer apply to a permit that stays not effective.
            guard let caseID = record.caseID, let current = try unit.loadCase(caseID), current.activeStep != nil,
                  let engine = procedures.engine(of: current) else { return [] }
            return [.transition(try engine.transition(.close(outcome: .notEffective, reason: "izin belum berlaku efektif: \(reason)"),
                                                      on: current, at: unit.now))]
        case .deadlinePassed(let idIzin, let kind, let dueAt):
            // The head of the agency hears of it: from now OSS may approve by itself (UU 11/2020 Pasal 175 angka 6).
            let to = levels.statutoryEscalateTo
            let current = try record.caseID.flatMap { try unit.loadCase($0) }
            try unit.database.escalations.record(.init(caseID: record.caseID ?? "", step: current?.activeStep?.step ?? 0, role: "statutory",
                                                       escalatedTo: to, deadline: dueAt, at: unit.now))
            try unit.log(SyncLogEntry(
                at: unit.now, system: "gateway", method: "komitmen.breach", direction: .outgoing, caseID: record.caseID, idIzin: idIzin,
                outcome: "escalated",
                error: "\(kind.rawValue) passed its statutory deadline \(JakartaTime.iso(dueAt)); escalated to \(to): OSS may now approve by itself (57)"))
            return []
        case .deadlineNear(let idIzin, let kind, let dueAt):
            try unit.log(SyncLogEntry(
                at: unit.now, system: "gateway", method: "komitmen.deadline", direction: .outgoing, caseID: record.caseID, idIzin: idIzin,
                outcome: "warning",
                error: "\(kind.rawValue) is due by \(JakartaTime.iso(dueAt)); after that OSS may approve the permit by itself (status 57)"))
            return []
        }
    }

    /// The statutory clock of the case's permits (PP 5/2021). It starts once, when the case first starts the SOP's
    /// complete-application step (routing.json statutoryClock), with the field-check period when the SOP always makes
    /// one (SOP 001 step 3, SOP 004 step 5); a field check decided on the way (SOP 002 step 9 "Ya") lengthens it.
    /// The statutory time is the agency's: the clock stands still while the applicant holds a returned file (SOP 000
    /// step 5, SOP 003 step 2) and runs on with the time left when the completed file reaches that step again; it
    /// stands still too while OSS keeps the NIB frozen (status_nib 05). An internal return (SOP 001 back to the
    /// Kabid) neither stops nor restarts it.
    func runStatutoryClock(_ transition: Transition, in unit: WorkUnit) throws {
        let sop = transition.case.processID
        guard let definition = procedures.definitions[sop] else { return }
        let startStep = rules.statutoryClock?[sop]
        let started = transition.appended.contains { $0.step != nil && $0.step == startStep && $0.event.kind == "started" }
        let fieldCheck = transition.appended.contains { entry in
            entry.step.flatMap(definition.step)?.fieldCheck == .ifYes && entry.event.isCompleted(answer: .yes)
        }
        let returned = transition.effects.contains { if case .notifyApplicant = $0 { true } else { false } }
        let frozen = transition.appended.contains { $0.event.kind == "frozen" }
        let unfrozen = transition.appended.contains { $0.event.kind == "resumed" }
        guard started || fieldCheck || returned || frozen || unfrozen else { return }
        let alwaysChecks = definition.steps.contains { $0.fieldCheck == .always }
        for idIzin in try Self.permits(of: transition.case.id, in: unit) {
            guard let record = try unit.database.permits.permit(idIzin) else { continue }
            let period = levels.statutoryPeriod(kdIzin: record.kdIzin)
            var commitments = record.commitments
            var what: [String] = []
            var paused: Commitment.Pause?
            if returned || frozen, !commitments.pauseClock(at: unit.now, for: returned ? .returned : .frozen).isEmpty {
                paused = returned ? .returned : .frozen
                what.append(returned ? "stopped: the file went back to the applicant" : "stopped: OSS froze the NIB")
            }
            // Each pause ends with what started it: the completed file back at the clock's step, the NIB active again.
            let ending: Commitment.Pause? = unfrozen ? .frozen : started && !returned ? .returned : nil
            var resumed: Commitment.Pause?
            if let ending, commitments.isPaused(for: ending) {
                resumed = ending
                let before = commitments.commitments.compactMap(\.dueAt).max()
                commitments.resumeClock(at: unit.now, calendar: calendar, for: ending)
                what.append((ending == .frozen ? "runs again: the NIB is active" : "runs again at step \(startStep ?? 0): the applicant completed the file")
                            + (before.map { " (was due \(JakartaTime.iso($0)))" } ?? ""))
            } else if started {
                let days = alwaysChecks ? period.fieldCheckDays : period.technicalEvaluationDays
                if !commitments.startClock(at: unit.now, workingDays: days, calendar: calendar).isEmpty {
                    what.append("started at step \(startStep ?? 0): \(days) working days" + (alwaysChecks ? " (the SOP makes a field check)" : "")
                                + ", by \(period.basis)")
                }
            }
            if fieldCheck, !commitments.extendClock(toWorkingDays: period.fieldCheckDays, calendar: calendar, at: unit.now).isEmpty {
                what.append("a field check: \(period.fieldCheckDays) working days from the same start")
            }
            guard !what.isEmpty, commitments != record.commitments else { continue }
            try unit.database.permits.update(commitments, at: unit.now)
            try tellOSSOfTheClock(returned: paused == .returned, resubmitted: resumed == .returned, transition: transition, record: record, in: unit)
            let due = commitments.isPaused() ? nil : commitments.commitments.compactMap(\.dueAt).max()
            try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "komitmen.clock", direction: .incoming, caseID: transition.case.id,
                                      idIzin: idIzin, outcome: "accepted",
                                      error: "statutory clock " + what.joined(separator: "; ") + (due.map { "; due \(JakartaTime.iso($0))" } ?? "")))
        }
    }

    /// Where the agency's routing.json lists them (opt-in), OSS hears the SLA clock stop when the file goes back to the
    /// applicant (41, with the officer's reason) and run again when it comes back completed (42); each return is its own.
    private func tellOSSOfTheClock(returned: Bool, resubmitted: Bool, transition: Transition, record: PermitStore.Record,
                                   in unit: WorkUnit) throws {
        guard returned || resubmitted, record.approvedByOSSAt == nil, let sop = record.sop,
              let code = composer.ossCode(sop: sop, returned ? .returned : .resubmitted) else { return }
        let reason = transition.effects.lazy.compactMap { if case .notifyApplicant(_, let reason) = $0 { reason } else { nil } }.first
        let keterangan = returned ? "Berkas dikembalikan kepada pemohon: " + (reason ?? "belum lengkap")
            : "Berkas dilengkapi pemohon: perhitungan waktu layanan dilanjutkan"
        try unit.enqueue(composer.statusPush(code, permit: record, keterangan: keterangan, occurrence: transition.case.activations, in: unit))
    }

    /// Warns once for each commitment whose statutory deadline is near, and records once each one that
    /// passed with the commitment pending; returns what each causes.
    func sweep(in unit: WorkUnit) throws -> [FollowUp] {
        var work: [FollowUp] = []
        let warning = levels.warningWorkingHours * 3600
        // A deadline within `warning` working seconds of now lies before the instant one working second past them (a
        // deadline in the closed hours right after them is as near): only permits with one due by then can have news.
        let horizon = calendar.adding(workingSeconds: warning + 1, to: unit.now)
        for record in try unit.database.permits.dueForSweep(warnBy: max(horizon, unit.now), passedBy: unit.now)
        where record.commitments.effectiveness == .pending {
            var commitments = record.commitments
            let effects = commitments.warnings(at: unit.now, calendar: calendar, warningWorkingSeconds: warning)
                + commitments.breaches(at: unit.now)
            guard !effects.isEmpty else { continue }
            try unit.database.permits.update(commitments, at: unit.now)
            work += effects.map { .permit($0, record) }
        }
        return work
    }

    /// Computes every statutory deadline again with a new work calendar; returns how many moved.
    func recomputeDue(in unit: WorkUnit) throws -> Int {
        var moved = 0
        for record in try unit.database.permits.list(notEffectiveOnly: true) {
            var commitments = record.commitments
            if commitments.recomputeDue(calendar: calendar, at: unit.now) {
                try unit.database.permits.update(commitments, at: unit.now)
                moved += 1
            }
        }
        return moved
    }

    /// The permits a case is about (its `izin:` keys).
    static func permits(of caseID: String, in unit: WorkUnit) throws -> [String] {
        try unit.database.caseKeys.keys(of: caseID).filter { $0.hasPrefix("izin:") }.map { String($0.dropFirst(5)) }
    }
}

extension HistoryEntry.Event {
    func isCompleted(answer wanted: Answer) -> Bool {
        if case .completed(_, let answer, _, _) = self { return answer == wanted }
        return false
    }
}
