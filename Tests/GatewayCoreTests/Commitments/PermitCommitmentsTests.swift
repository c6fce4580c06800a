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

    @Test func aLaterDeadlineReplacesAnEarlierOneButNotTheOtherWayRound() {
        var permit = permit()
        let five = jakarta("2026-12-21 09:00"), fifteen = jakarta("2027-01-08 09:00")
        permit.setDue(.technicalVerification, at: five, time: monday)
        permit.setDue(.technicalVerification, at: fifteen, time: monday)
        permit.setDue(.technicalVerification, at: five, time: monday)
        #expect(permit.commitment(.technicalVerification)?.dueAt == fifteen)
    }

    @Test func aNearDeadlineIsWarnedOnce() {
        var permit = permit()
        let calendar = WorkCalendar.make()
        permit.setDue(.technicalVerification, at: jakarta("2026-12-15 09:00"), time: monday)
        #expect(permit.warnings(at: monday, calendar: calendar, warningWorkingSeconds: 3600) == [])
        let effects = permit.warnings(at: jakarta("2026-12-15 08:30"), calendar: calendar, warningWorkingSeconds: 3600)
        #expect(effects == [.deadlineNear(idIzin: "I-1", kind: .technicalVerification, dueAt: jakarta("2026-12-15 09:00"))])
        #expect(permit.warnings(at: jakarta("2026-12-15 08:45"), calendar: calendar, warningWorkingSeconds: 3600) == [])
    }
}
