import Foundation
import Testing
@testable import GatewayCore

@Suite struct PermitCommitmentsTests {
    let monday = jakarta("2026-12-14 09:00")

    func permit() -> PermitCommitments {
        PermitCommitments(idIzin: "I-1", nib: "8120000110001", kinds: [.industryData, .technicalVerification], at: monday)
    }

    @Test func aPermitBecomesEffectiveWhenItsLastCommitmentIsFulfilled() {
        var permit = permit()
        #expect(permit.settle(.industryData, fulfilled: true, evidence: "SIINAS-N-2", at: monday) == [])
        #expect(permit.effectiveness == .pending)
        #expect(permit.settle(.technicalVerification, fulfilled: true, evidence: "BAP/001", at: monday) == [.becameEffective(idIzin: "I-1")])
        #expect(permit.effectiveness == .effective)
        #expect(permit.commitment(.technicalVerification)?.evidence == "BAP/001")
    }

    @Test func aFailedCommitmentKeepsThePermitNotEffectiveWithTheReason() {
        var permit = permit()
        let effects = permit.settle(.technicalVerification, fulfilled: false, evidence: "BAP/002", reason: "Hasil verifikasi teknis: belum siap", at: monday)
        #expect(effects == [.stayedNotEffective(idIzin: "I-1", reason: "Hasil verifikasi teknis: belum siap")])
        #expect(permit.settle(.industryData, fulfilled: true, evidence: nil, at: monday) == [])
        #expect(permit.effectiveness == .notEffective(reason: "Hasil verifikasi teknis: belum siap"))
    }

    @Test func aRepeatedNotificationChangesNothing() {
        var permit = permit()
        _ = permit.settle(.industryData, fulfilled: true, evidence: "first", at: monday)
        #expect(permit.settle(.industryData, fulfilled: true, evidence: "again", at: monday) == [])
        #expect(permit.commitment(.industryData)?.evidence == "first")
    }

    @Test func aPermitWithoutCommitmentsIsEffectiveAtOnce() {
        #expect(PermitCommitments(idIzin: "I-2", nib: "n", kinds: [], at: monday).effectiveness == .effective)
    }

    @Test func theClockRunsForTheAgencysOwnCommitmentsFromACompleteApplication() {
        var permit = permit()
        let calendar = WorkCalendar.make()
        #expect(permit.startClock(at: monday, workingDays: 5, calendar: calendar) == [.technicalVerification])
        let verification = permit.commitment(.technicalVerification)
        #expect(verification?.clockStartedAt == monday && verification?.workingDays == 5)
        #expect(verification?.dueAt == jakarta("2026-12-21 09:00"))  // five working days from Monday 14 December
        #expect(permit.commitment(.industryData)?.dueAt == nil)  // the applicant's, in SIINas: no statutory clock of the agency
    }

    @Test func aFieldCheckLengthensTheClockFromTheSameStartButNeverShortensIt() {
        var permit = permit()
        let calendar = WorkCalendar.make()
        permit.startClock(at: monday, workingDays: 5, calendar: calendar)
        #expect(permit.extendClock(toWorkingDays: 15, calendar: calendar, at: jakarta("2026-12-16 10:00")) == [.technicalVerification])
        // 15 working days; 2026 and 2027 have no SKB list here, so only Natal and New Year are closed.
        #expect(permit.commitment(.technicalVerification)?.dueAt == jakarta("2027-01-06 09:00"))
        #expect(permit.extendClock(toWorkingDays: 5, calendar: calendar, at: monday) == [])
        #expect(permit.commitment(.technicalVerification)?.workingDays == 15)
    }

    @Test func aPassedDeadlineIsABreachOnceAndANewCalendarMovesOnlyRunningClocks() {
        var permit = permit()
        permit.startClock(at: monday, workingDays: 5, calendar: .make())
        #expect(permit.breaches(at: jakarta("2026-12-21 08:59")) == [])
        let moved = permit.recomputeDue(calendar: .make(holidays: [.make("2026-12-16")]), at: monday)
        #expect(moved)
        let due = jakarta("2026-12-22 09:00")  // Wednesday 16 December closed: one day later
        #expect(permit.commitment(.technicalVerification)?.dueAt == due)
        #expect(permit.breaches(at: due) == [.deadlinePassed(idIzin: "I-1", kind: .technicalVerification, dueAt: due)])
        #expect(permit.breaches(at: due + 3600) == [])
        let movedAgain = permit.recomputeDue(calendar: .make(), at: due)
        #expect(!movedAgain)  // passed is passed
    }

    @Test func aNearDeadlineIsWarnedOnce() {
        var permit = permit()
        let calendar = WorkCalendar.make()
        permit.startClock(at: jakarta("2026-12-14 09:00"), workingDays: 1, calendar: calendar)
        #expect(permit.warnings(at: monday, calendar: calendar, warningWorkingSeconds: 3600) == [])
        let effects = permit.warnings(at: jakarta("2026-12-15 08:30"), calendar: calendar, warningWorkingSeconds: 3600)
        #expect(effects == [.deadlineNear(idIzin: "I-1", kind: .technicalVerification, dueAt: jakarta("2026-12-15 09:00"))])
        #expect(permit.warnings(at: jakarta("2026-12-15 08:45"), calendar: calendar, warningWorkingSeconds: 3600) == [])
    }

    @Test func aSweepNeedsToLookOnlyOnceADeadlineNotYetWarnedOfOrPassedIsNear() {
        var permit = permit()
        let calendar = WorkCalendar.make()
        #expect(permit.sweepDue == (nil, nil))  // no clock runs
        permit.startClock(at: monday, workingDays: 1, calendar: calendar)
        let due = jakarta("2026-12-15 09:00")
        #expect(permit.sweepDue == (due, due))
        _ = permit.warnings(at: jakarta("2026-12-15 08:30"), calendar: calendar, warningWorkingSeconds: 3600)
        #expect(permit.sweepDue == (nil, due))  // warned: only its passing is left to record
        _ = permit.breaches(at: due)
        #expect(permit.sweepDue == (nil, nil))
        var settled = self.permit()
        settled.startClock(at: monday, workingDays: 1, calendar: calendar)
        _ = settled.settle(.technicalVerification, fulfilled: false, evidence: nil, at: monday)
        #expect(settled.sweepDue == (nil, nil))  // not effective: nothing left to sweep
    }

    @Test func theClockStandsStillWhileTheApplicantHoldsTheFileAndRunsOnWithTheTimeLeft() {
        var permit = permit()
        let calendar = WorkCalendar.make()
        permit.startClock(at: monday, workingDays: 5, calendar: calendar)  // due Monday 21 December, 09:00
        // Back to the applicant on Tuesday 15 December at 09:00: one working day spent, four left.
        #expect(permit.pauseClock(at: jakarta("2026-12-15 09:00"), for: .returned) == [.technicalVerification])
        #expect(permit.isPaused(for: .returned) && !permit.isPaused(for: .frozen) && permit.sweepDue == (nil, nil))
        // OSS's NIB active again does not end a pause the applicant's file began.
        #expect(permit.resumeClock(at: jakarta("2026-12-16 09:00"), calendar: calendar, for: .frozen) == [])
        #expect(permit.breaches(at: jakarta("2026-12-22 09:00")) == [])  // past the old deadline: the time was the applicant's
        #expect(permit.warnings(at: jakarta("2026-12-21 08:30"), calendar: calendar, warningWorkingSeconds: 3600) == [])
        // The completed file comes back on Monday 21 December at 09:00: 22, 23, 24 and (Natal closed) 28 December.
        #expect(permit.resumeClock(at: jakarta("2026-12-21 09:00"), calendar: calendar, for: .returned) == [.technicalVerification])
        let due = jakarta("2026-12-28 09:00")
        #expect(!permit.isPaused() && permit.commitment(.technicalVerification)?.dueAt == due && permit.sweepDue == (due, due))
        // A new calendar (16 December closed too) moves the deadline from the same start, the time it stood still kept:
        // 15, 17, 18, 21 and 22 December, then the 30 working hours it stood still: 23, 24, 28, and 29 December to 09:00.
        let moved = permit.recomputeDue(calendar: .make(holidays: [.make("2026-12-16"), .make("2026-12-25")]), at: due - 86_400)
        #expect(moved)
        #expect(permit.commitment(.technicalVerification)?.dueAt == jakarta("2026-12-29 09:00"))
    }

    @Test func anInternalReturnNeitherRestartsTheClockNorClearsItsBreach() {
        var permit = permit()
        let calendar = WorkCalendar.make()
        permit.startClock(at: monday, workingDays: 1, calendar: calendar)
        let due = jakarta("2026-12-15 09:00")
        let breached = permit.breaches(at: due)
        #expect(breached.count == 1)
        // The step that starts the clock begins again (SOP 001: the file goes back to the Kabid at step 1).
        #expect(permit.startClock(at: due + 3600, workingDays: 1, calendar: calendar) == [])
        #expect(permit.commitment(.technicalVerification)?.dueAt == due && permit.commitment(.technicalVerification)?.breachedAt == due)
        #expect(permit.pauseClock(at: due + 7200, for: .returned) == [])  // a passed deadline stays passed
    }

    @Test func aDeadlinePassedButNotYetRecordedIsNotPausedAwayTheSweepStillRecordsIt() {
        var permit = permit()
        permit.startClock(at: monday, workingDays: 1, calendar: .make())
        let due = jakarta("2026-12-15 09:00")
        #expect(permit.pauseClock(at: due + 60, for: .frozen) == [])  // the sweep had not run yet
        #expect(permit.breaches(at: due + 120) == [.deadlinePassed(idIzin: "I-1", kind: .technicalVerification, dueAt: due)])
    }

    @Test func aPermitWhoseNIBIsRevokedEndsAndNothingIsSettledWarnedOrSweptAnyMore() {
        var permit = permit()
        let calendar = WorkCalendar.make()
        permit.startClock(at: monday, workingDays: 1, calendar: calendar)
        let ended = permit.end(reason: "NIB dicabut (status_nib 06)", at: monday)
        #expect(ended)
        #expect(permit.effectiveness == .ended(reason: "NIB dicabut (status_nib 06)"))
        let endedAgain = permit.end(reason: "again", at: monday)
        #expect(!endedAgain)
        #expect(permit.settle(.technicalVerification, fulfilled: true, evidence: "BAP/1", at: monday) == [])
        #expect(permit.sweepDue == (nil, nil))
        #expect(permit.warnings(at: jakarta("2026-12-15 08:30"), calendar: calendar, warningWorkingSeconds: 3600) == [])
        #expect(permit.breaches(at: jakarta("2026-12-16 09:00")) == [])
    }
}
