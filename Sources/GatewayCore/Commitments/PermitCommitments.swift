import Foundation

/// A permit (`id_izin`) and its commitments: whether it is effective follows
/// from them. Pure: every change returns what it means for the outside
/// world, which the gateway turns into a status push to OSS.
///
/// PP 5/2021 and Permenperin 15/2019: a permit issued before its commitments
/// are met is not effective (belum efektif) until all are fulfilled; when the
/// technical verification finds the business not ready, it stays so.
public struct PermitCommitments: Sendable, Hashable, Codable {
    public enum Effectiveness: Sendable, Hashable, Codable {
        case pending
        case effective
        case notEffective(reason: String)
        /// OSS revoked or cancelled the NIB: nothing of the permit is left to settle, to warn of or to ask OSS about.
        case ended(reason: String)
    }

    /// What a change means outside the gateway.
    public enum Effect: Sendable, Hashable {
        /// Every commitment is fulfilled: tell OSS the permit is effective.
        case becameEffective(idIzin: String)
        /// A commitment failed: tell OSS the permit stays not effective, and why.
        case stayedNotEffective(idIzin: String, reason: String)
        /// A statutory deadline is near: OSS may approve by itself once it passes.
        case deadlineNear(idIzin: String, kind: CommitmentKind, dueAt: Date)
        /// A statutory deadline passed with the commitment pending: OSS may now approve by itself (57,
        /// fiktif positif, UU 11/2020 Pasal 175 angka 6); the breach is recorded and escalated.
        case deadlinePassed(idIzin: String, kind: CommitmentKind, dueAt: Date)
    }

    public let idIzin: String
    public let nib: String
    public private(set) var commitments: [Commitment]
    public private(set) var effectiveness: Effectiveness

    public init(idIzin: String, nib: String, kinds: [CommitmentKind], at time: Date) {
        self.idIzin = idIzin
        self.nib = nib
        self.commitments = kinds.map { Commitment(kind: $0, updatedAt: time) }
        self.effectiveness = kinds.isEmpty ? .effective : .pending
    }

    public func commitment(_ kind: CommitmentKind) -> Commitment? {
        commitments.first { $0.kind == kind }
    }

    /// Records a commitment as fulfilled or failed. Settled commitments do not
    /// change again, so a repeated notification changes nothing.
    public mutating func settle(_ kind: CommitmentKind, fulfilled: Bool, evidence: String?, reason: String? = nil, at time: Date) -> [Effect] {
        guard case .pending = effectiveness, let index = commitments.firstIndex(where: { $0.kind == kind }),
              commitments[index].state == .pending else { return [] }
        commitments[index].state = fulfilled ? .fulfilled : .failed
        commitments[index].evidence = evidence
        commitments[index].updatedAt = time
        if !fulfilled {
            let why = reason ?? "komitmen \(kind.rawValue) tidak terpenuhi"
            effectiveness = .notEffective(reason: why)
            return [.stayedNotEffective(idIzin: idIzin, reason: why)]
        }
        guard commitments.allSatisfy({ $0.state == .fulfilled }) else { return [] }
        effectiveness = .effective
        return [.becameEffective(idIzin: idIzin)]
    }

    /// Ends a permit still pending: its NIB is revoked or cancelled (tipe_dokumen 3 or 4, status_nib 06), so no commitment
    /// is settled, no deadline warned of or escalated. Returns whether it ended now.
    public mutating func end(reason: String, at time: Date) -> Bool {
        guard case .pending = effectiveness else { return false }
        effectiveness = .ended(reason: reason)
        for index in commitments.indices where commitments[index].state == .pending { commitments[index].updatedAt = time }
        return true
    }

    /// Starts the statutory clock of the agency's pending commitments at `time`: they are due `workingDays`
    /// working days later. The clock runs once for an application: the step that starts it reached again after an
    /// internal return (SOP 001 steps 2 and 4 send the file back to the Kabid at step 1) neither restarts it nor
    /// clears a breach. Returns the kinds whose clock started.
    @discardableResult
    public mutating func startClock(at time: Date, workingDays: Int, calendar: WorkCalendar) -> [CommitmentKind] {
        var started: [CommitmentKind] = []
        for index in commitments.indices where Commitment.agencyKinds.contains(commitments[index].kind) && commitments[index].state == .pending
            && commitments[index].clockStartedAt == nil {
            commitments[index].clockStartedAt = time
            commitments[index].workingDays = workingDays
            commitments[index].dueAt = commitments[index].due(calendar: calendar)
            commitments[index].updatedAt = time
            started.append(commitments[index].kind)
        }
        return started
    }

    /// Stops each running clock at `time`: the time from here is not the agency's (the applicant holds the returned
    /// file, or OSS froze the NIB). A deadline already passed stays passed, recorded or not yet: the sweep records it.
    /// Returns the kinds that stopped.
    @discardableResult
    public mutating func pauseClock(at time: Date, for reason: Commitment.Pause) -> [CommitmentKind] {
        var paused: [CommitmentKind] = []
        for index in commitments.indices where commitments[index].state == .pending && commitments[index].clockStartedAt != nil
            && commitments[index].pausedAt == nil && commitments[index].breachedAt == nil && (commitments[index].dueAt.map { $0 > time } ?? true) {
            commitments[index].pausedAt = time
            commitments[index].pausedFor = reason
            commitments[index].updatedAt = time
            paused.append(commitments[index].kind)
        }
        return paused
    }

    /// Whether a clock stands still (``pauseClock(at:for:)``), for `reason` or for any.
    public func isPaused(for reason: Commitment.Pause? = nil) -> Bool {
        commitments.contains { $0.state == .pending && $0.pausedAt != nil && (reason == nil || $0.pausedFor == reason) }
    }

    /// Runs each clock stopped for `reason` again from `time` with the working time it had left: its deadline moves by
    /// the working time it stood still, and a warning already given is given again when a moved deadline nears.
    /// Returns the kinds that run again.
    @discardableResult
    public mutating func resumeClock(at time: Date, calendar: WorkCalendar, for reason: Commitment.Pause) -> [CommitmentKind] {
        var resumed: [CommitmentKind] = []
        for index in commitments.indices where commitments[index].state == .pending && commitments[index].pausedFor == reason {
            guard let since = commitments[index].pausedAt else { continue }
            commitments[index].pausedWorkingSeconds = (commitments[index].pausedWorkingSeconds ?? 0)
                + calendar.workingSeconds(from: since, to: max(since, time))
            commitments[index].pausedAt = nil
            commitments[index].pausedFor = nil
            let due = commitments[index].due(calendar: calendar)
            if due != commitments[index].dueAt { commitments[index].warnedAt = nil }
            commitments[index].dueAt = due
            commitments[index].updatedAt = time
            resumed.append(commitments[index].kind)
        }
        return resumed
    }

    /// A field check gives a longer period (never a shorter one), counted from the same start.
    @discardableResult
    public mutating func extendClock(toWorkingDays workingDays: Int, calendar: WorkCalendar, at time: Date) -> [CommitmentKind] {
        var extended: [CommitmentKind] = []
        for index in commitments.indices where commitments[index].state == .pending {
            guard commitments[index].clockStartedAt != nil, let days = commitments[index].workingDays, days < workingDays else { continue }
            commitments[index].workingDays = workingDays
            commitments[index].dueAt = commitments[index].due(calendar: calendar)
            commitments[index].warnedAt = nil
            commitments[index].updatedAt = time
            extended.append(commitments[index].kind)
        }
        return extended
    }

    /// The work calendar changed: each running clock's due date is computed again from its start.
    /// A deadline already passed stays passed. Returns whether anything moved.
    @discardableResult
    public mutating func recomputeDue(calendar: WorkCalendar, at time: Date) -> Bool {
        var moved = false
        for index in commitments.indices where commitments[index].state == .pending && commitments[index].breachedAt == nil {
            guard let due = commitments[index].due(calendar: calendar), due != commitments[index].dueAt else { continue }
            commitments[index].dueAt = due
            commitments[index].updatedAt = time
            moved = true
        }
        return moved
    }

    /// The earliest statutory deadline of a pending commitment not yet warned of, and of one whose passing is not
    /// yet recorded: nothing is due from ``warnings(at:calendar:warningWorkingSeconds:)`` before the first comes
    /// within the warning, nor from ``breaches(at:)`` before the second, so a sweep need not look at the permit
    /// until then (the store indexes both).
    public var sweepDue: (warning: Date?, breach: Date?) {
        guard effectiveness == .pending else { return (nil, nil) }
        let pending = commitments.filter { $0.state == .pending && $0.pausedAt == nil }
        return (pending.filter { $0.warnedAt == nil }.compactMap(\.dueAt).min(), pending.filter { $0.breachedAt == nil }.compactMap(\.dueAt).min())
    }

    /// Each pending commitment whose statutory deadline has passed, once.
    public mutating func breaches(at now: Date) -> [Effect] {
        guard effectiveness == .pending else { return [] }
        var effects: [Effect] = []
        for index in commitments.indices {
            guard commitments[index].state == .pending, commitments[index].pausedAt == nil, commitments[index].breachedAt == nil,
                  let due = commitments[index].dueAt, due <= now else { continue }
            commitments[index].breachedAt = now
            commitments[index].updatedAt = now
            effects.append(.deadlinePassed(idIzin: idIzin, kind: commitments[index].kind, dueAt: due))
        }
        return effects
    }

    /// Warns once for each pending commitment whose deadline falls within `warning` working seconds of `now`.
    public mutating func warnings(at now: Date, calendar: WorkCalendar, warningWorkingSeconds warning: Int) -> [Effect] {
        guard effectiveness == .pending else { return [] }
        var effects: [Effect] = []
        for index in commitments.indices {
            let commitment = commitments[index]
            guard commitment.state == .pending, commitment.pausedAt == nil, commitment.warnedAt == nil, let due = commitment.dueAt,
                  calendar.workingSeconds(from: now, to: due) <= warning else { continue }
            commitments[index].warnedAt = now
            effects.append(.deadlineNear(idIzin: idIzin, kind: commitment.kind, dueAt: due))
        }
        return effects
    }
}
