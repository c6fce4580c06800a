import Foundation
import Testing
@testable import GatewayCore

/// The engine's rules, on a small definition:
/// 1 pemohon (awaits oss.receiveNIB) → 2 kabid, 60 menit, may return incomplete to 1
/// → 3 kadis, 1 hari, decides: yes ends approved, no goes back to 2.
@Suite struct WorkflowEngineTests {
    let engine = WorkflowEngine(
        definition: .make(steps: [
            .make(1, role: "pemohon", awaits: "oss.receiveNIB"),
            .make(2, role: "kabid", time: "60 menit", sends: ["siinas.uploadBAP"], returnsIncompleteTo: 1),
            .make(3, role: "kadis", time: "1 hari", decision: .make(yes: .end(.approved), no: .step(2))),
        ]),
        calendar: .make())
    let monday = jakarta("2026-12-14 09:00")

    /// A case opened on Monday 09:00 whose applicant step is done, now at step 2.
    func caseAtStep2() throws -> Case {
        let opened = engine.open(caseID: "k-1", reference: "NIB 1234567890123", at: monday)
        return try engine.handle(.message(name: "oss.receiveNIB"), on: opened.case, at: monday).case
    }

    @Test func openingStartsStepOneAndWaitsForItsMessage() {
        let opened = engine.open(caseID: "k-1", at: monday)
        #expect(opened.case.activeStep?.step == 1)
        #expect(opened.effects == [.awaitMessage(step: 1, name: "oss.receiveNIB", deadline: nil)])
        #expect(opened.appended.map(\.event.kind) == ["opened", "started"])
    }

    @Test func completingAStepStartsTheNextWithItsDeadlineAndTask() throws {
        let atStep2 = try caseAtStep2()
        let done = try engine.handle(.complete(step: 2, by: .make("kabid"), note: "lengkap"), on: atStep2, at: jakarta("2026-12-14 09:30"))
        let deadline = jakarta("2026-12-15 09:30")  // 1 hari from Monday 09:30
        #expect(done.case.activeStep?.step == 3)
        #expect(done.case.activeStep?.deadline == deadline)
        #expect(done.effects == [
            .cancelDeadline(step: 2, activation: 2),
            .send(message: "siinas.uploadBAP", step: 2),
            .scheduleDeadline(step: 3, activation: 3, at: deadline),
            .assignTask(step: 3, role: "kadis", deadline: deadline),
        ])
    }

    @Test func historyKeepsWhoActedWhenWithTheirNote() throws {
        let atStep2 = try caseAtStep2()
        let at = jakarta("2026-12-14 09:30")
        let done = try engine.handle(.complete(step: 2, by: .make("kabid", id: "siti"), note: "lengkap", documents: ["nota.pdf"]), on: atStep2, at: at)
        let completed = try #require(done.appended.first)
        #expect(completed.actor == .officer(id: "siti", role: "kabid"))
        #expect(completed.at == at)
        #expect(completed.note == "lengkap")
        #expect(completed.documents == ["nota.pdf"])
        #expect(completed.event == .completed(activation: 2, answer: nil, message: nil, onTime: true))
        #expect(done.case.history.map(\.sequence) == Array(1...done.case.history.count))
    }

    @Test func attachingADocumentRecordsWhoAndWhenAndLeavesTheStepActive() throws {
        let atStep2 = try caseAtStep2()
        let at = jakarta("2026-12-14 09:20")
        let attached = try engine.handle(.attach(step: 2, by: .make("kabid", id: "siti"), documents: ["k-1/2/2/draft.pdf"], note: "draft"),
                                         on: atStep2, at: at)
        #expect(attached.appended == [HistoryEntry(sequence: atStep2.history.count + 1, at: at, actor: .officer(id: "siti", role: "kabid"),
                                                   event: .attached(activation: 2), step: 2, note: "draft", documents: ["k-1/2/2/draft.pdf"])])
        #expect(attached.case.activeStep == atStep2.activeStep)
        #expect(attached.effects.isEmpty)
        #expect(throws: WorkflowError.roleNotHeld(step: 2, role: "kabid", officer: "petugas-kadis")) {
            try engine.handle(.attach(step: 2, by: .make("kadis"), documents: ["x.pdf"]), on: atStep2, at: at)
        }
    }

    @Test func aMessageRecordsTheApplicantAndItsChannel() throws {
        let atStep2 = try caseAtStep2()
        #expect(atStep2.history[2].actor == .applicant(via: "OSS"))
        #expect(atStep2.history[2].event == .completed(activation: 1, answer: nil, message: "oss.receiveNIB", onTime: nil))
    }

    @Test func completingAfterTheDeadlineIsRecordedAsLate() throws {
        let atStep2 = try caseAtStep2()
        let done = try engine.handle(.complete(step: 2, by: .make("kabid")), on: atStep2, at: jakarta("2026-12-14 10:01"))
        #expect(done.appended.first?.event == .completed(activation: 2, answer: nil, message: nil, onTime: false))
    }

    @Test func aStepOutOfTurnIsRefused() throws {
        let atStep2 = try caseAtStep2()
        #expect(throws: WorkflowError.stepNotActive(step: 3, activeStep: 2)) {
            try engine.handle(.complete(step: 3, by: .make("kadis"), answer: .yes), on: atStep2, at: monday)
        }
    }

    @Test func aRoleCannotCompleteAnotherRolesStep() throws {
        let atStep2 = try caseAtStep2()
        #expect(throws: WorkflowError.roleNotHeld(step: 2, role: "kabid", officer: "petugas-kadis")) {
            try engine.handle(.complete(step: 2, by: .make("kadis")), on: atStep2, at: monday)
        }
    }

    @Test func anOfficerCannotCompleteTheApplicantsStep() {
        let opened = engine.open(caseID: "k-1", at: monday)
        #expect(throws: WorkflowError.notOfficerStep(step: 1, performer: "pemohon", awaits: "oss.receiveNIB")) {
            try engine.handle(.complete(step: 1, by: .make("pemohon")), on: opened.case, at: monday)
        }
    }

    @Test func aMessageTheActiveStepDoesNotAwaitIsRefused() throws {
        let atStep2 = try caseAtStep2()
        #expect(throws: WorkflowError.unexpectedMessage(name: "oss.receiveNIB", activeStep: 2, awaits: nil)) {
            try engine.handle(.message(name: "oss.receiveNIB"), on: atStep2, at: monday)
        }
    }

    @Test func anAnswerOnAStepWithoutADecisionIsRefused() throws {
        let atStep2 = try caseAtStep2()
        #expect(throws: WorkflowError.stepHasNoDecision(step: 2)) {
            try engine.handle(.complete(step: 2, by: .make("kabid"), answer: .no), on: atStep2, at: monday)
        }
    }

    @Test func aDecisionStepNeedsAnAnswer() throws {
        let atStep3 = try engine.handle(.complete(step: 2, by: .make("kabid")), on: caseAtStep2(), at: monday).case
        #expect(throws: WorkflowError.answerRequired(step: 3, question: "Sesuai?")) {
            try engine.handle(.complete(step: 3, by: .make("kadis")), on: atStep3, at: monday)
        }
    }

    @Test func noGoesBackAndYesEndsApproved() throws {
        let atStep3 = try engine.handle(.complete(step: 2, by: .make("kabid")), on: caseAtStep2(), at: monday).case
        let back = try engine.handle(.complete(step: 3, by: .make("kadis"), answer: .no), on: atStep3, at: monday)
        #expect(back.case.activeStep?.step == 2)
        let again = try engine.handle(.complete(step: 2, by: .make("kabid")), on: back.case, at: monday).case
        let done = try engine.handle(.complete(step: 3, by: .make("kadis"), answer: .yes), on: again, at: monday)
        #expect(done.case.outcome == .approved)
        #expect(done.effects.last == .ended(outcome: .approved, reason: nil))
    }

    @Test func anEndedCaseRefusesEveryEvent() throws {
        let atStep3 = try engine.handle(.complete(step: 2, by: .make("kabid")), on: caseAtStep2(), at: monday).case
        let done = try engine.handle(.complete(step: 3, by: .make("kadis"), answer: .yes), on: atStep3, at: monday).case
        #expect(throws: WorkflowError.caseEnded(caseID: "k-1", outcome: .approved)) {
            try engine.handle(.complete(step: 3, by: .make("kadis"), answer: .yes), on: done, at: monday)
        }
    }

    @Test func closingEndsTheCaseFromAnyStepWithTheReasonAndDropsItsDeadline() throws {
        let atStep2 = try caseAtStep2()
        let closed = try engine.handle(.close(outcome: .rejected, reason: "belum siap: izin tetap belum efektif"), on: atStep2, at: monday)
        #expect(closed.case.outcome == .rejected)
        #expect(closed.effects == [
            .cancelDeadline(step: 2, activation: 2),
            .ended(outcome: .rejected, reason: "belum siap: izin tetap belum efektif"),
        ])
        #expect(closed.appended.map(\.event) == [.ended(outcome: .rejected, reason: "belum siap: izin tetap belum efektif")])
    }

    @Test func returningIncompleteSendsTheCaseBackToTheApplicantWithTheReason() throws {
        let back = try engine.handle(.returnIncomplete(step: 2, by: .make("kabid"), note: "NPWP belum dilampirkan"), on: caseAtStep2(), at: monday)
        #expect(back.case.activeStep?.step == 1)
        #expect(back.case.activeStep?.returnReason == "NPWP belum dilampirkan")
        #expect(back.effects.contains(.notifyApplicant(step: 1, reason: "NPWP belum dilampirkan")))
        #expect(back.appended.first?.event == .returnedIncomplete(activation: 2, toStep: 1))
    }

    @Test func returningIncompleteWhereTheSOPDoesNotAllowItIsRefused() throws {
        let atStep3 = try engine.handle(.complete(step: 2, by: .make("kabid")), on: caseAtStep2(), at: monday).case
        #expect(throws: WorkflowError.cannotReturnIncomplete(step: 3)) {
            try engine.handle(.returnIncomplete(step: 3, by: .make("kadis"), note: "x"), on: atStep3, at: monday)
        }
    }

    @Test func aPassedDeadlineIsRecordedOnceAndEscalated() throws {
        let atStep2 = try caseAtStep2()
        let late = jakarta("2026-12-14 10:05")
        let passed = try engine.handle(.deadlinePassed(step: 2, activation: 2), on: atStep2, at: late)
        #expect(passed.effects == [.escalate(step: 2, role: "kabid", deadline: jakarta("2026-12-14 10:00"))])
        #expect(passed.case.activeStep?.deadlinePassed == true)
        let again = try engine.handle(.deadlinePassed(step: 2, activation: 2), on: passed.case, at: late)
        #expect(again.appended.isEmpty && again.effects.isEmpty)
    }

    @Test func anApplicantsStepPastItsTimeRemindsThemAndEscalatesNothing() throws {
        // SOP 003 step 1's shape: the applicant registers within 15 minutes; their time, not the agency's.
        let engine = WorkflowEngine(definition: .make(steps: [
            .make(1, role: "pemohon", time: "15 menit", awaits: "sipro.registration"),
            .make(2, role: "kabid", time: "60 menit"),
        ]), calendar: .make())
        let opened = engine.open(caseID: "k-2", at: monday)
        let due = jakarta("2026-12-14 09:15")
        let reminded = try engine.handle(.deadlinePassed(step: 1, activation: 1), on: opened.case, at: due + 60)
        #expect(reminded.appended.map(\.event) == [.applicantReminded(activation: 1, deadline: due)])
        #expect(reminded.effects == [.remindApplicant(step: 1, deadline: due)])
        #expect(reminded.case.activeStep?.deadlinePassed == false)  // not late: nobody of the agency is behind
        // Once: the deadline, resumed after a freeze, fires again already past, and reminds nobody twice.
        let frozen = try engine.handle(.freeze(reason: "NIB dibekukan"), on: reminded.case, at: due + 70)
        let resumed = try engine.handle(.resume(reason: "NIB aktif"), on: frozen.case, at: due + 80)
        #expect(try engine.handle(.deadlinePassed(step: 1, activation: 1), on: resumed.case, at: due + 90).appended.isEmpty)
        let done = try engine.handle(.message(name: "sipro.registration"), on: reminded.case, at: due + 120)
        #expect(done.case.activeStep?.step == 2)
    }

    @Test func aDeadlineForAFinishedActivationChangesNothing() throws {
        let atStep3 = try engine.handle(.complete(step: 2, by: .make("kabid")), on: caseAtStep2(), at: monday).case
        let stale = try engine.handle(.deadlinePassed(step: 2, activation: 2), on: atStep3, at: jakarta("2026-12-14 11:00"))
        #expect(stale.case == atStep3)
        #expect(stale.effects.isEmpty)
    }

    @Test func aDeadlineThatHasNotPassedIsRefused() throws {
        #expect(throws: WorkflowError.deadlineNotReached(step: 2, deadline: jakarta("2026-12-14 10:00"))) {
            try engine.handle(.deadlinePassed(step: 2, activation: 2), on: caseAtStep2(), at: jakarta("2026-12-14 09:59"))
        }
    }

    @Test func aNewCalendarMovesTheActiveDeadlineAndKeepsTheMoveInTheHistory() throws {
        // Step 3 (1 hari) started Monday 09:30 is due Tuesday 09:30; then Tuesday turns out to be a holiday.
        let atStep3 = try engine.handle(.complete(step: 2, by: .make("kabid")), on: caseAtStep2(), at: jakarta("2026-12-14 09:30")).case
        let later = WorkflowEngine(definition: engine.definition, calendar: .make(holidays: [.make("2026-12-15")]))
        let moved = try later.handle(.recomputeDeadline, on: atStep3, at: jakarta("2026-12-14 12:00"))
        #expect(moved.case.activeStep?.deadline == jakarta("2026-12-16 09:30"))
        #expect(moved.appended.map(\.event) == [.deadlineMoved(activation: 3, from: jakarta("2026-12-15 09:30"), to: jakarta("2026-12-16 09:30"))])
        #expect(moved.effects == [.scheduleDeadline(step: 3, activation: 3, at: jakarta("2026-12-16 09:30"))])
        // The same calendar again, or a deadline already passed, changes nothing.
        #expect(try later.handle(.recomputeDeadline, on: moved.case, at: jakarta("2026-12-14 12:00")).appended.isEmpty)
        let passed = try engine.handle(.deadlinePassed(step: 3, activation: 3), on: atStep3, at: jakarta("2026-12-15 10:00")).case
        #expect(try later.handle(.recomputeDeadline, on: passed, at: jakarta("2026-12-15 10:00")).appended.isEmpty)
    }

    @Test func aStepNobodyCanSeeKeepsNoDeadlineAndTheNextObservableEventClosesIt() throws {
        // 1 kabid → 2 the applicant reads the letter (not observable) → 3 OSS shows the upload → end.
        let engine = WorkflowEngine(definition: .make(steps: [
            .make(1), .make(2, role: "pemohon", time: "60 menit", observable: false), .make(3, role: "oss", awaits: "oss.attachmentShown"),
        ]), calendar: .make())
        let opened = engine.open(caseID: "k-2", at: monday)
        let waiting = try engine.handle(.complete(step: 1, by: .make("kabid")), on: opened.case, at: monday + 60)
        #expect(waiting.case.activeStep?.step == 2 && waiting.case.activeStep?.deadline == nil)
        #expect(!waiting.effects.contains { if case .scheduleDeadline(2, _, _) = $0 { true } else { false } })
        let closed = try engine.handle(.message(name: "oss.attachmentShown"), on: waiting.case, at: monday + 7200)
        #expect(closed.case.outcome == .approved)
        #expect(closed.appended.first?.step == 2 && closed.appended.first?.note == "tidak teramati: ditutup oleh oss.attachmentShown")
        #expect(closed.appended.dropFirst().first?.step == 3)
    }

    @Test func anUnseenLastStepEndsTheCaseWhenItStartsSayingWhy() throws {
        // SOP 000 step 9: the applicant downloads the letter; nothing after it could ever be seen.
        let engine = WorkflowEngine(definition: .make(steps: [.make(1), .make(2, role: "pemohon", observable: false)]), calendar: .make())
        let opened = engine.open(caseID: "k-3", at: monday)
        let ended = try engine.handle(.complete(step: 1, by: .make("kabid")), on: opened.case, at: monday + 60)
        #expect(ended.case.outcome == .approved && ended.case.activeStep == nil)
        #expect(ended.appended.contains { if case .ended(_, let reason) = $0.event { reason?.contains("langkah 2 tidak teramati") == true } else { false } })
    }

    @Test func aFrozenNIBStopsTheStepAndItsClockUntilItIsActiveAgain() throws {
        // Step 2 (60 menit) started Monday 09:00; OSS freezes the NIB at 09:20, with 40 working minutes left.
        let atStep2 = try caseAtStep2()
        let frozen = try engine.handle(.freeze(reason: "NIB dibekukan (status_nib 05)"), on: atStep2, at: jakarta("2026-12-14 09:20"))
        #expect(frozen.case.isFrozen && frozen.effects == [.cancelDeadline(step: 2, activation: 2)])
        #expect(throws: WorkflowError.caseFrozen(caseID: "k-1", since: jakarta("2026-12-14 09:20"))) {
            try engine.handle(.complete(step: 2, by: .make("kabid")), on: frozen.case, at: jakarta("2026-12-14 09:30"))
        }
        // Nothing runs while frozen: the deadline that would have passed at 10:00 passes nothing.
        #expect(try engine.handle(.deadlinePassed(step: 2, activation: 2), on: frozen.case, at: jakarta("2026-12-14 10:05")).appended.isEmpty)
        // Active again on Tuesday 14:00: the 40 minutes left run from then.
        let resumed = try engine.handle(.resume(reason: "NIB aktif kembali"), on: frozen.case, at: jakarta("2026-12-15 14:00"))
        #expect(!resumed.case.isFrozen && resumed.case.activeStep?.deadline == jakarta("2026-12-15 14:40"))
        #expect(resumed.effects == [.scheduleDeadline(step: 2, activation: 2, at: jakarta("2026-12-15 14:40")),
                                    .assignTask(step: 2, role: "kabid", deadline: jakarta("2026-12-15 14:40"))])
        #expect(resumed.appended.map(\.event.kind) == ["resumed"])
    }

    @Test func aRevokedNIBEndsEvenAFrozenCaseAsRevokedNotRejected() throws {
        let frozen = try engine.handle(.freeze(reason: "dibekukan"), on: try caseAtStep2(), at: jakarta("2026-12-14 09:20")).case
        let revoked = try engine.handle(.close(outcome: .revoked, reason: "OSS mencabut NIB (tipe_dokumen 3, pencabutan)"), on: frozen,
                                        at: jakarta("2026-12-14 11:00"))
        #expect(revoked.case.outcome == .revoked && revoked.case.activeStep == nil)
        #expect(revoked.effects == [.ended(outcome: .revoked, reason: "OSS mencabut NIB (tipe_dokumen 3, pencabutan)")])
    }

    @Test func aCaseTheAgencyClosesEndsWithdrawnInTheOfficersNameWithTheReasonWhateverItsStep() throws {
        let atStep2 = try caseAtStep2()
        let closed = try engine.handle(.withdraw(by: .make("kadis"), role: "kadis", reason: "Permohonan ditarik pemohon"), on: atStep2,
                                       at: jakarta("2026-12-14 09:30"))
        #expect(closed.case.outcome == .withdrawn && closed.case.activeStep == nil)
        #expect(closed.effects == [.cancelDeadline(step: 2, activation: 2), .ended(outcome: .withdrawn, reason: "Permohonan ditarik pemohon")])
        let entry = try #require(closed.appended.last)
        #expect(entry.event == .ended(outcome: .withdrawn, reason: "Permohonan ditarik pemohon"))
        #expect(entry.actor == .officer(id: Officer.make("kadis").id, role: "kadis"))
        // A frozen case may be closed too: it has no deadline left to cancel.
        let frozen = try engine.handle(.freeze(reason: "dibekukan"), on: atStep2, at: jakarta("2026-12-14 09:20")).case
        let closedFrozen = try engine.handle(.withdraw(by: .make("kadis"), role: "kadis", reason: "ditarik"), on: frozen, at: jakarta("2026-12-14 11:00"))
        #expect(closedFrozen.case.outcome == .withdrawn && closedFrozen.effects == [.ended(outcome: .withdrawn, reason: "ditarik")])
        // An ended case stays ended.
        #expect(throws: WorkflowError.caseEnded(caseID: atStep2.id, outcome: .withdrawn)) {
            try engine.handle(.withdraw(by: .make("kadis"), role: "kadis", reason: "lagi"), on: closed.case, at: jakarta("2026-12-14 12:00"))
        }
    }

    @Test func aNIBUpdateIsRecordedFieldByFieldAndTheCaseGoesOn() throws {
        let atStep2 = try caseAtStep2()
        let change = FieldChange(field: "nama_perseroan", old: "PT Sawit Makmur", new: "PT Sawit Makmur Kalbar")
        let updated = try engine.handle(.nibChanged([change]), on: atStep2, at: jakarta("2026-12-14 09:10"))
        #expect(updated.appended.map(\.event) == [.nibChanged(changes: [change])])
        #expect(updated.case.activeStep == atStep2.activeStep && updated.effects.isEmpty)
        #expect(try engine.handle(.nibChanged([]), on: atStep2, at: jakarta("2026-12-14 09:10")).appended.isEmpty)
    }

    /// Version 2 of the test SOP: the Tim Teknis checks first (new step 2), so the Kabid's step is 3 and the Kadis's 4.
    static let version2 = WorkflowEngine(
        definition: .make(steps: [
            .make(1, role: "pemohon", awaits: "oss.receiveNIB"),
            .make(2, role: "tim-teknis", time: "2 jam"),
            .make(3, role: "kabid", time: "60 menit", sends: ["siinas.uploadBAP"], returnsIncompleteTo: 1),
            .make(4, role: "kadis", time: "1 hari", decision: .make(yes: .end(.approved), no: .step(3))),
        ]),
        version: 2, calendar: .make())

    @Test func migratingLeavesTheOldStepAndStartsTheMappedOneOnItsClock() throws {
        let version1 = WorkflowEngine(definition: engine.definition, version: 1, calendar: .make())
        let opened = version1.open(caseID: "k-1", at: monday)
        let atStep2 = try version1.handle(.message(name: "oss.receiveNIB"), on: opened.case, at: monday).case  // step 2 since 09:00

        let moved = try Self.version2.migrate(atStep2, toStep: 3, note: "by admin", at: jakarta("2026-12-14 09:20"))
        #expect(moved.appended.map(\.event) == [.migrated(activation: 2, fromVersion: 1, toVersion: 2, fromStep: 2),
                                                .started(activation: 3, deadline: jakarta("2026-12-14 10:00"))])
        #expect(moved.appended.map(\.step) == [2, 3])
        // Version 2's step 3 is the Kabid's 60 minutes, counted from 09:00 when the case reached the step it left: no new time.
        #expect(moved.case.sopVersion == 2 && moved.case.activeStep?.step == 3)
        #expect(moved.effects == [.cancelDeadline(step: 2, activation: 2),
                                  .scheduleDeadline(step: 3, activation: 3, at: jakarta("2026-12-14 10:00")),
                                  .assignTask(step: 3, role: "kabid", deadline: jakarta("2026-12-14 10:00"))])
        // From now on the case is version 2's: version 1's engine refuses it, version 2's takes it on to its step 4.
        #expect(throws: WorkflowError.wrongVersion(caseID: "k-1", process: "contoh", caseVersion: 2, engineVersion: 1)) {
            try version1.handle(.complete(step: 3, by: .make("kabid")), on: moved.case, at: jakarta("2026-12-14 09:30"))
        }
        let next = try Self.version2.handle(.complete(step: 3, by: .make("kabid")), on: moved.case, at: jakarta("2026-12-14 09:30"))
        #expect(next.case.activeStep?.step == 4)
    }

    @Test func migratingIsRefusedForAFrozenOrEndedCaseAStepTheVersionLacksAndTheSameVersion() throws {
        let version1 = WorkflowEngine(definition: engine.definition, version: 1, calendar: .make())
        let atStep2 = try version1.handle(.message(name: "oss.receiveNIB"), on: version1.open(caseID: "k-1", at: monday).case, at: monday).case
        #expect(throws: WorkflowError.unknownStep(step: 9, process: "contoh")) {
            try Self.version2.migrate(atStep2, toStep: 9, at: monday)
        }
        #expect(throws: WorkflowError.notMigratable(caseID: "k-1", reason: "it already follows this version, or a version is not known")) {
            try version1.migrate(atStep2, toStep: 2, at: monday)
        }
        let frozen = try version1.handle(.freeze(reason: "dibekukan"), on: atStep2, at: jakarta("2026-12-14 09:20")).case
        #expect(throws: WorkflowError.caseFrozen(caseID: "k-1", since: jakarta("2026-12-14 09:20"))) {
            try Self.version2.migrate(frozen, toStep: 3, at: jakarta("2026-12-14 09:30"))
        }
        let ended = try version1.handle(.close(outcome: .cancelled, reason: "dibatalkan"), on: atStep2, at: monday).case
        #expect(throws: WorkflowError.caseEnded(caseID: "k-1", outcome: .cancelled)) {
            try Self.version2.migrate(ended, toStep: 3, at: monday)
        }
    }

    @Test func aCaseOfAnotherSOPIsRefused() throws {
        let other = WorkflowEngine(definition: .make(id: "lain", steps: [.make(1)]), calendar: .make())
        #expect(throws: WorkflowError.wrongProcess(caseID: "k-1", caseProcess: "contoh", engineProcess: "lain")) {
            try other.handle(.complete(step: 1, by: .make("kabid")), on: caseAtStep2(), at: monday)
        }
    }

    @Test func errorsSayWhatWouldBeAllowed() {
        #expect(WorkflowError.stepNotActive(step: 3, activeStep: 2).description == "step 3 is not the active step: the case is at step 2")
        #expect(WorkflowError.roleNotHeld(step: 7, role: "kadis", officer: "budi").description
            == "officer 'budi' does not hold role 'kadis', which step 7 needs: a role can only complete its own steps")
    }

    @Test func attributesGivenWithAStepAreKeptAndTheLatestIsFound() throws {
        let atStep2 = try caseAtStep2()
        let first = try engine.handle(.complete(step: 2, by: .make("kabid"), attributes: ["hasil": "belum_siap"]), on: atStep2, at: monday).case
        let back = try engine.handle(.complete(step: 3, by: .make("kadis"), answer: .no), on: first, at: monday).case
        let again = try engine.handle(.complete(step: 2, by: .make("kabid"), attributes: ["hasil": "siap", "nomor_bap": "BAP/1"]), on: back, at: monday).case
        #expect(again.attribute("hasil") == "siap")
        #expect(again.attribute("nomor_bap") == "BAP/1")
        #expect(again.attribute("none") == nil)
    }
}
