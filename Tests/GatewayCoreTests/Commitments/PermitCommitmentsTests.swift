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
}
