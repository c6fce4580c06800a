import Foundation

/// Runs cases through one SOP: a pure state machine.
///
/// Given a case, an event and the time it happened, ``handle(_:on:at:)``
/// returns the new case, the history it appended and the effects to carry
/// out, or a ``WorkflowError`` when the event is not allowed now. Nothing
/// here reads a clock, a file or the network, so every rule can be tested
/// with plain values.
public struct WorkflowEngine: Sendable {
    public let definition: ProcessDefinition
    /// The stored version of the definition: stamped on the cases it opens, and checked on those it handles.
    public let version: Int?
    public let calendar: WorkCalendar
    /// How long an applicant may hold their step before the application is taken as withdrawn (the agency's rule,
    /// serviceLevels.applicantTimeoutWorkingDays); nil waits for them for ever.
    public let applicantTimeout: StepDuration?
    /// The steps whose start ends the agency's part (``ProcessDefinition/onlyTheApplicantActs(from:)``), found once:
    /// every case's every step start asks.
    private let agencyDoneAt: Set<Int>

    public init(definition: ProcessDefinition, version: Int? = nil, calendar: WorkCalendar, applicantTimeout: StepDuration? = nil) {
        self.definition = definition
        self.version = version
        self.calendar = calendar
        self.applicantTimeout = applicantTimeout
        agencyDoneAt = Set(definition.steps.map(\.number).filter(definition.onlyTheApplicantActs(from:)))
    }

    /// Opens a case at step 1; `applicant` names who applied (the company or person), kept with the opening.
    public func open(caseID: String, reference: String? = nil, applicant: String? = nil, at time: Date) -> Transition {
        let first = definition.steps[0]  // a validated definition has step 1
        // The position is a placeholder until `start` puts the case at step 1 below.
        let opened = Case(id: caseID, processID: definition.id, sopVersion: version, reference: reference, openedAt: time,
                          position: .ended(outcome: .rejected, reason: nil, at: time))
        var builder = Builder(case: opened, time: time)
        builder.append(.gateway, .opened(reference: reference), step: nil, attributes: applicant.map { ["pemohon": $0] } ?? [:])
        start(first, in: &builder, returnReason: nil)
        return builder.transition
    }

    public func handle(_ event: WorkflowEvent, on current: Case, at time: Date) throws(WorkflowError) -> Transition {
        guard current.processID == definition.id else {
            throw .wrongProcess(caseID: current.id, caseProcess: current.processID, engineProcess: definition.id)
        }
        // A case finishes on the version it started on: another version's steps may be numbered otherwise.
        if let version, let started = current.sopVersion, started != version {
            throw .wrongVersion(caseID: current.id, process: definition.id, caseVersion: started, engineVersion: version)
        }
        guard let active = current.activeStep else {
            throw .caseEnded(caseID: current.id, outcome: current.outcome ?? .rejected)
        }
        guard let step = definition.step(active.step), let role = definition.role(step.role) else {
            throw .unknownStep(step: active.step, process: definition.id)
        }
        var builder = Builder(case: current, time: time)
        if let since = active.frozenSince {
            switch event {
            case .close, .withdraw, .resume, .nibChanged: break
            case .freeze, .recomputeDeadline, .deadlinePassed: return builder.transition  // nothing runs while frozen
            default: throw .caseFrozen(caseID: current.id, since: since)
            }
        }

        switch event {
        case .complete(let number, let officer, let answer, let note, let documents, let attributes):
            let actingRole = try officerMayAct(officer, on: number, step: step, role: role, active: active)
            let branch = try branch(for: step, answer: answer)
            finish(step, active, actor: .officer(id: officer.id, role: actingRole), answer: answer, message: nil,
                   note: note, documents: documents, attributes: attributes, in: &builder)
            follow(branch, from: step, note: note, in: &builder)

        case .returnIncomplete(let number, let officer, let note):
            let actingRole = try officerMayAct(officer, on: number, step: step, role: role, active: active)
            guard let applicantStep = step.returnsIncompleteTo else { throw .cannotReturnIncomplete(step: number) }
            builder.append(.officer(id: officer.id, role: actingRole),
                           .returnedIncomplete(activation: active.activation, toStep: applicantStep),
                           step: number, note: note)
            leave(step, active, in: &builder)
            follow(Branch(.returnToApplicant(step: applicantStep), reason: note), from: step, note: note, in: &builder)

        case .confirmForApplicant(let number, let officer, let note, let documents):
            guard number == active.step else { throw .stepNotActive(step: number, activeStep: active.step) }
            guard role.kind == .applicant, step.awaits != nil else { throw .notApplicantStep(step: number) }
            // Any of the SOP's officer roles the officer holds: the applicant's step has no officer of its own.
            guard let actingRole = definition.officerRoles.first(where: officer.roles.contains) else {
                throw .roleNotHeld(step: number, role: definition.officerRoles.joined(separator: " or "), officer: officer.id)
            }
            guard !documents.isEmpty || !(note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .evidenceRequired(step: number)
            }
            let branch = try branch(for: step, answer: nil)
            finish(step, active, actor: .officer(id: officer.id, role: actingRole), answer: nil, message: nil,
                   note: "dikonfirmasi petugas atas nama pemohon: " + (note ?? "lihat dokumen"), documents: documents, attributes: [:],
                   in: &builder)
            follow(branch, from: step, note: nil, in: &builder)

        case .attach(let number, let officer, let documents, let note):
            let actingRole = try officerMayAct(officer, on: number, step: step, role: role, active: active)
            builder.append(.officer(id: officer.id, role: actingRole), .attached(activation: active.activation), step: number,
                           note: note, documents: documents)

        case .message(let name, _, _, _, _) where !step.observable && following(step)?.awaits == name:
            // The next observable event closes a step nobody can see done (an applicant reading a letter).
            builder.append(.gateway, .completed(activation: active.activation, answer: nil, message: name, onTime: nil), step: step.number,
                           note: "tidak teramati: ditutup oleh \(name)")
            if let next = following(step) { start(next, in: &builder, returnReason: nil) }
            let rest = try handle(event, on: builder.case, at: time)
            builder.case = rest.case
            builder.appended += rest.appended
            builder.effects += rest.effects

        case .message(let name, let answer, let note, let documents, let attributes):
            guard role.kind != .officer, step.awaits == name else {
                throw .unexpectedMessage(name: name, activeStep: step.number, awaits: step.awaits)
            }
            let branch = try branch(for: step, answer: answer)
            let actor: Actor = role.kind == .applicant ? .applicant(via: Self.system(ofMessage: name)) : .system(role.system ?? role.title)
            finish(step, active, actor: actor, answer: answer, message: name, note: note, documents: documents,
                   attributes: attributes, in: &builder)
            follow(branch, from: step, note: note, in: &builder)

        case .close(let outcome, let reason):
            leave(step, active, in: &builder)
            builder.case.pendingOutcome = nil
            end(outcome, reason: reason, in: &builder)

        case .withdraw(let officer, let role, let reason):
            leave(step, active, in: &builder)
            builder.case.pendingOutcome = nil
            end(.withdrawn, reason: reason, by: .officer(id: officer.id, role: role), in: &builder)

        case .deadlinePassed(let number, let activation):
            // A deadline for an activation that is over is stale, not wrong: the
            // sweeper may fire just after the step completed.
            guard number == active.step, activation == active.activation, !active.deadlinePassed else {
                return builder.transition
            }
            // The applicant's own step (SOP 003 steps 1 and 11, SOP 004 step 8): their time, not the agency's service time.
            if role.kind == .applicant {
                let timeout = timesOut(active)
                if let timeout, timeout <= time {
                    leave(step, active, in: &builder)
                    builder.case.pendingOutcome = nil
                    end(.withdrawn, reason: "pemohon tidak menyelesaikan langkah \(number) dalam \(applicantTimeout?.text ?? "") sejak "
                        + "\(active.returnReason == nil ? "langkah dimulai" : "berkas dikembalikan"): permohonan dianggap ditarik", in: &builder)
                    return builder.transition
                }
                // Once: a resumed or recomputed deadline already past fires again, and the applicant was told.
                if let deadline = active.deadline, deadline <= time, !Self.reminded(active, in: current.history) {
                    builder.append(.gateway, .applicantReminded(activation: activation, deadline: deadline), step: number,
                                   note: "menunggu pemohon: waktu pemohon, bukan waktu layanan dinas")
                    builder.effects.append(.remindApplicant(step: number, deadline: deadline))
                }
                // The step's one deadline row wakes the sweeper for what comes next: the timeout after a reminder, or
                // whatever this wake came early for.
                if let next = wake(active, history: builder.case.history), next > time {
                    builder.effects.append(.scheduleDeadline(step: number, activation: activation, at: next))
                }
                return builder.transition
            }
            guard let deadline = active.deadline, deadline <= time else {
                throw .deadlineNotReached(step: number, deadline: active.deadline)
            }
            builder.append(.gateway, .deadlinePassed(activation: activation, deadline: deadline), step: number)
            var passed = active
            passed.deadlinePassed = true
            builder.case.position = .atStep(passed)
            builder.effects.append(.escalate(step: number, role: step.role, deadline: deadline))

        case .freeze:
            guard active.frozenSince == nil else { return builder.transition }
            builder.append(.gateway, .frozen(activation: active.activation), step: step.number, note: Self.reason(of: event))
            leave(step, active, in: &builder)
            var frozen = active
            frozen.frozenSince = time
            builder.case.position = .atStep(frozen)

        case .resume:
            guard let since = active.frozenSince else { return builder.transition }
            // The time standard runs on with what was left of it when OSS froze the NIB (a passed one stays passed).
            let deadline = active.deadline.map { deadline in
                deadline <= since ? deadline : calendar.adding(workingSeconds: calendar.workingSeconds(from: since, to: deadline), to: time)
            }
            builder.append(.gateway, .resumed(activation: active.activation, deadline: deadline), step: step.number, note: Self.reason(of: event))
            let resumed = ActiveStep(step: active.step, activation: active.activation, since: active.since, deadline: deadline,
                                     deadlinePassed: active.deadlinePassed, returnReason: active.returnReason)
            builder.case.position = .atStep(resumed)
            if let wake = wake(resumed, history: builder.case.history) {
                builder.effects.append(.scheduleDeadline(step: step.number, activation: active.activation, at: wake))
            }
            if let awaited = step.awaits {
                builder.effects.append(.awaitMessage(step: step.number, name: awaited, deadline: deadline))
            } else if role.kind == .officer {
                builder.effects.append(.assignTask(step: step.number, role: step.role, deadline: deadline))
            }

        case .nibChanged(let changes):
            guard !changes.isEmpty else { return builder.transition }
            builder.append(.system("OSS"), .nibChanged(changes: changes), step: nil,
                           note: "NIB diperbarui (tipe_dokumen 5): " + changes.map(\.field).joined(separator: ", "))

        case .recomputeDeadline:
            guard !active.deadlinePassed, let standard = step.deadlineStandard else { return builder.transition }
            let deadline = calendar.deadline(from: active.since, adding: standard)
            guard deadline != active.deadline else { return builder.transition }
            builder.append(.gateway, .deadlineMoved(activation: active.activation, from: active.deadline, to: deadline), step: step.number)
            let moved = ActiveStep(step: active.step, activation: active.activation, since: active.since, deadline: deadline,
                                   deadlinePassed: false, returnReason: active.returnReason)
            builder.case.position = .atStep(moved)
            if let wake = wake(moved, history: builder.case.history) {
                builder.effects.append(.scheduleDeadline(step: step.number, activation: active.activation, at: wake))
            }
        }
        return builder.transition
    }

    /// Moves an open case of another version of this SOP onto this engine's version, at `step` of it
    /// (`gerbang sop migrate`, with a map an operator checked). The step the case waits at is left (its
    /// deadline cancelled) and `step` starts; its time standard counts from when the case reached the step it
    /// left, so moving a case gives it no new time.
    public func migrate(_ current: Case, toStep number: Int, note: String? = nil, at time: Date) throws(WorkflowError) -> Transition {
        guard current.processID == definition.id else {
            throw .wrongProcess(caseID: current.id, caseProcess: current.processID, engineProcess: definition.id)
        }
        guard let version, let from = current.sopVersion, from != version else {
            throw .notMigratable(caseID: current.id, reason: "it already follows this version, or a version is not known")
        }
        guard let active = current.activeStep else {
            throw .caseEnded(caseID: current.id, outcome: current.outcome ?? .rejected)
        }
        // A frozen step has no deadline or task to move; it is moved once OSS makes the NIB active again.
        if let since = active.frozenSince { throw .caseFrozen(caseID: current.id, since: since) }
        guard let target = definition.step(number) else { throw .unknownStep(step: number, process: definition.id) }
        var builder = Builder(case: current, time: time)
        builder.append(.gateway, .migrated(activation: active.activation, fromVersion: from, toVersion: version, fromStep: active.step),
                       step: active.step, note: note)
        if active.deadline != nil {
            builder.effects.append(.cancelDeadline(step: active.step, activation: active.activation))
        }
        builder.case.sopVersion = version
        start(target, in: &builder, returnReason: active.returnReason, since: active.since)
        return builder.transition
    }

    private static func reason(of event: WorkflowEvent) -> String? {
        switch event {
        case .freeze(let reason), .resume(let reason): reason
        default: nil
        }
    }

    // MARK: Checks

    /// The role the officer acts in, when they may act on this step now.
    private func officerMayAct(_ officer: Officer, on number: Int, step: Step, role: Role, active: ActiveStep) throws(WorkflowError) -> String {
        guard number == active.step else { throw .stepNotActive(step: number, activeStep: active.step) }
        guard role.kind == .officer else { throw .notOfficerStep(step: number, performer: role.id, awaits: step.awaits) }
        guard officer.roles.contains(role.id) else { throw .roleNotHeld(step: number, role: role.id, officer: officer.id) }
        return role.id
    }

    /// Where the step leads with this answer; the answer must match whether the step decides.
    private func branch(for step: Step, answer: Answer?) throws(WorkflowError) -> Branch {
        switch (step.decision, answer) {
        case (let decision?, let answer?):
            return decision.branch(for: answer)
        case (let decision?, nil):
            throw .answerRequired(step: step.number, question: decision.question)
        case (nil, .some):
            throw .stepHasNoDecision(step: step.number)
        case (nil, nil):
            return Branch(step.number < definition.steps.count ? .step(step.number + 1) : .end(.approved))
        }
    }

    // MARK: Moves

    /// The step a step without a decision leads to, if any.
    private func following(_ step: Step) -> Step? {
        step.decision == nil ? definition.step(step.number + 1) : nil
    }

    /// When the applicant's hold of this activation times out, if the agency set a timeout and the step is one where
    /// the application itself waits for them (``holdsTheApplication(_:)``).
    private func timesOut(_ active: ActiveStep) -> Date? {
        guard let timeout = applicantTimeout, definition.step(active.step).flatMap({ definition.role($0.role) })?.kind == .applicant,
              holdsTheApplication(active.step) else { return nil }
        return calendar.deadline(from: active.since, adding: timeout)
    }

    /// When the sweeper must look at an active step next, through its one deadline row: its time standard (unless it
    /// passed, or it is an applicant's who was reminded of it) or the applicant's timeout, whichever comes first.
    private func wake(_ active: ActiveStep, history: [HistoryEntry]) -> Date? {
        let standard = active.deadlinePassed || Self.reminded(active, in: history) ? nil : active.deadline
        return [standard, timesOut(active)].compactMap { $0 }.min()
    }

    /// Whether the applicant was reminded of this activation's time standard.
    private static func reminded(_ active: ActiveStep, in history: [HistoryEntry]) -> Bool {
        history.contains { if case .applicantReminded(active.activation, _) = $0.event { true } else { false } }
    }

    /// Whether the applicant's step `number` is where the application waits for them: a step a file is returned to
    /// as incomplete (SOP 000 step 1, SOP 003 step 1). Not a step after the agency decided (SOP 003 step 11's pickup,
    /// SOP 004 step 8's upload), where timing out would undo what was decided.
    func holdsTheApplication(_ number: Int) -> Bool {
        definition.steps.contains { step in
            step.returnsIncompleteTo == number
                || [step.decision?.yes, step.decision?.no].contains { $0?.target == .returnToApplicant(step: number) }
        }
    }

    /// Makes `step` the active one; its time standard counts from `since` (now unless a migrated case keeps its clock).
    private func start(_ step: Step, in builder: inout Builder, returnReason: String?, since: Date? = nil) {
        builder.case.activations += 1
        let activation = builder.case.activations
        let since = since ?? builder.time
        let deadline = step.deadlineStandard.map { calendar.deadline(from: since, adding: $0) }
        builder.case.position = .atStep(ActiveStep(
            step: step.number, activation: activation, since: since, deadline: deadline,
            deadlinePassed: false, returnReason: returnReason))
        builder.append(.gateway, .started(activation: activation, deadline: deadline), step: step.number)
        if agencyDoneAt.contains(step.number) {
            builder.effects.append(.agencyDone(step: step.number, outcome: builder.case.pendingOutcome ?? .approved))
        }
        guard step.observable else {
            // Nobody can see it done: no deadline, no task. As the SOP's last step nothing after it could be seen
            // either, so the case ends with it rather than wait for an event that will never come.
            if step.decision == nil, step.number == definition.steps.count {
                end(.approved, reason: "langkah \(step.number) tidak teramati oleh sistem mana pun: \(step.activity)", in: &builder)
            }
            return
        }
        if let activeStep = builder.case.activeStep, let wake = wake(activeStep, history: builder.case.history) {
            builder.effects.append(.scheduleDeadline(step: step.number, activation: activation, at: wake))
        }
        if let awaited = step.awaits {
            builder.effects.append(.awaitMessage(step: step.number, name: awaited, deadline: deadline))
        } else {
            builder.effects.append(.assignTask(step: step.number, role: step.role, deadline: deadline))
        }
    }

    private func finish(
        _ step: Step, _ active: ActiveStep, actor: Actor, answer: Answer?, message: String?,
        note: String?, documents: [String], attributes: [String: String], in builder: inout Builder
    ) {
        let onTime = active.deadline.map { builder.time <= $0 }
        builder.append(actor, .completed(activation: active.activation, answer: answer, message: message, onTime: onTime),
                       step: step.number, note: note, documents: documents, attributes: attributes)
        leave(step, active, in: &builder)
        builder.effects += step.sends.map { .send(message: $0, step: step.number) }
    }

    private func leave(_ step: Step, _ active: ActiveStep, in builder: inout Builder) {
        // A frozen step's deadline was cancelled when it froze; an applicant's timeout has the same row.
        if active.deadline != nil || timesOut(active) != nil, active.frozenSince == nil {
            builder.effects.append(.cancelDeadline(step: step.number, activation: active.activation))
        }
    }

    private func follow(_ branch: Branch, from step: Step, note: String?, in builder: inout Builder) {
        if let outcome = branch.outcome {
            builder.case.pendingOutcome = outcome
        }
        switch branch.target {
        case .step(let number):
            guard let next = definition.step(number) else { return end(.rejected, reason: "step \(number) is missing", in: &builder) }
            start(next, in: &builder, returnReason: nil)
        case .returnToApplicant(let number):
            guard let next = definition.step(number) else { return end(.rejected, reason: "step \(number) is missing", in: &builder) }
            let reason = note ?? branch.reason
            builder.effects.append(.notifyApplicant(step: number, reason: reason))
            start(next, in: &builder, returnReason: reason)
        case .end(let outcome):
            end(outcome, reason: branch.reason, in: &builder)
        }
    }

    private func end(_ outcome: Outcome, reason: String?, by actor: Actor = .gateway, in builder: inout Builder) {
        // The last step's plain "go on" ends approved unless a decision settled the outcome earlier.
        let final = (outcome == .approved ? builder.case.pendingOutcome : nil) ?? outcome
        builder.case.position = .ended(outcome: final, reason: reason, at: builder.time)
        builder.append(actor, .ended(outcome: final, reason: reason), step: nil)
        builder.effects.append(.ended(outcome: final, reason: reason))
    }

    /// "oss.receiveNIB" → "OSS": the channel an applicant's message came through.
    static func system(ofMessage name: String) -> String? {
        guard let prefix = name.split(separator: ".").first, name.contains(".") else { return nil }
        return switch prefix {
        case "oss": "OSS"
        case "siinas": "SIINas"
        case "sipro": "SIPRO"
        case "aplikasi": "Aplikasi"
        default: String(prefix)
        }
    }

    /// Accumulates one transition.
    private struct Builder {
        var `case`: Case
        let time: Date
        var appended: [HistoryEntry] = []
        var effects: [Effect] = []

        init(case: Case, time: Date) {
            self.case = `case`
            self.time = time
        }

        mutating func append(
            _ actor: Actor, _ event: HistoryEntry.Event, step: Int?, note: String? = nil, documents: [String] = [],
            attributes: [String: String] = [:]
        ) {
            let entry = HistoryEntry(sequence: self.case.history.count + 1, at: time, actor: actor, event: event,
                                     step: step, note: note, documents: documents, attributes: attributes)
            self.case.history.append(entry)
            appended.append(entry)
        }

        var transition: Transition {
            Transition(case: self.case, appended: appended, effects: effects)
        }
    }
}
