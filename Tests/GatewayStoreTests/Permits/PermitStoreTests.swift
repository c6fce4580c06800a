import Foundation
import GatewayCore
import Testing
@testable import GatewayStore

@Suite struct PermitStoreTests {
    let now = Date(timeIntervalSince1970: 1_797_814_800)

    @Test func aPermitIsAddedOnceAndItsCommitmentsUpdated() throws {
        let permits = try GatewayDatabaseFixture().database.permits
        var commitments = PermitCommitments(idIzin: "I-1", nib: "8120000110001", kinds: [.technicalVerification], at: now)
        #expect(try permits.add(commitments, kdIzin: "030000000012", namaIzin: "Izin Perluasan", sop: "izin-perluasan", caseID: "IP-1", at: now))
        #expect(try !permits.add(commitments, kdIzin: nil, namaIzin: nil, sop: nil, caseID: nil, at: now))
        #expect(try permits.list(notEffectiveOnly: true).count == 1)
        _ = commitments.settle(.technicalVerification, fulfilled: true, evidence: "BAP/1", at: now)
        try permits.update(commitments, at: now)
        try permits.recordOSSStatus("I-1", code: "50", at: now)
        let stored = try #require(try permits.permit("I-1"))
        #expect(stored.commitments.effectiveness == .effective && stored.ossStatus == "50" && stored.caseID == "IP-1")
        #expect(try permits.list(notEffectiveOnly: true).isEmpty)
    }

    @Test func aSweepReadsOnlyThePermitsWithADeadlineNotYetWarnedOfWithinTheWarningOrNotYetRecordedAsPassed() throws {
        let permits = try GatewayDatabaseFixture().database.permits
        let calendar = StoreFixtures.calendar
        func add(_ idIzin: String, clockDays: Int?) throws -> PermitCommitments {
            var commitments = PermitCommitments(idIzin: idIzin, nib: "8120000110001", kinds: [.technicalVerification], at: now)
            if let clockDays { commitments.startClock(at: now, workingDays: clockDays, calendar: calendar) }
            try permits.add(commitments, kdIzin: nil, namaIzin: nil, sop: nil, caseID: nil, at: now)
            return commitments
        }
        _ = try add("I-noclock", clockDays: nil)
        var soon = try add("I-soon", clockDays: 1)
        _ = try add("I-later", clockDays: 10)
        let due = try #require(soon.commitment(.technicalVerification)?.dueAt)
        let ids = { (warnBy: Date, passedBy: Date) in try permits.dueForSweep(warnBy: warnBy, passedBy: passedBy).map(\.commitments.idIzin) }
        #expect(try ids(now, now).isEmpty)
        #expect(try ids(due, now) == ["I-soon"])  // within the warning
        _ = soon.warnings(at: due, calendar: calendar, warningWorkingSeconds: 3600)
        try permits.update(soon, at: due)
        #expect(try ids(due, now).isEmpty)  // warned once: not read again until it passes
        #expect(try ids(due, due) == ["I-soon"])
        _ = soon.breaches(at: due)
        try permits.update(soon, at: due)
        #expect(try ids(due + 86_400 * 30, due + 86_400 * 30) == ["I-later"])
    }

    @Test func thePermitsDueForAnOSSCheckAreTheNeverAskedThenTheLongestDueNeverAFinalOrEndedOneAndNoneIsSortedToFindThem() throws {
        let permits = try GatewayDatabaseFixture().database.permits
        for idIzin in ["I-4", "I-3", "I-2", "I-1", "I-0"] {
            try permits.add(PermitCommitments(idIzin: idIzin, nib: "812", kinds: [.technicalVerification], at: now), kdIzin: nil, namaIzin: nil,
                            sop: nil, caseID: nil, at: now)
        }
        try permits.scheduleOSSCheck("I-1", unchangedChecks: 1, dueAt: now + 60)
        try permits.scheduleOSSCheck("I-2", unchangedChecks: 1, dueAt: now + 30)
        try permits.scheduleOSSCheck("I-4", unchangedChecks: 0, dueAt: now + 10)
        try permits.recordOSSStatus("I-4", code: "50", at: now)  // final: never asked again
        try permits.add(PermitCommitments(idIzin: "I-5", nib: "813", kinds: [.technicalVerification], at: now), kdIzin: nil, namaIzin: nil,
                        sop: nil, caseID: nil, at: now)
        var revoked = try #require(try permits.permit("I-5")).commitments
        _ = revoked.end(reason: "NIB dicabut (status_nib 06)", at: now)
        try permits.update(revoked, at: now)  // its NIB revoked: nothing left to ask OSS about
        #expect(try permits.dueForOSSCheck(dueBy: now + 3600, limit: 10).map(\.idIzin) == ["I-0", "I-3", "I-2", "I-1"])
        #expect(try permits.dueForOSSCheck(dueBy: now + 45, limit: 10).map(\.idIzin) == ["I-0", "I-3", "I-2"])
        #expect(try permits.dueForOSSCheck(dueBy: now + 3600, limit: 3).map(\.idIzin) == ["I-0", "I-3", "I-2"])
        for clause in ["oss_check_due_at IS NULL", "oss_check_due_at <= 5"] {
            let plan = try permits.db.query("EXPLAIN QUERY PLAN SELECT id_izin FROM permits WHERE \(PermitStore.askedAtOSS) AND \(clause) "
                                            + "ORDER BY oss_check_due_at, id_izin LIMIT 10") { $0.string(3) }.joined(separator: "; ")
            #expect(plan.contains("permits_oss_due") && !plan.contains("TEMP B-TREE"), "\(plan)")
        }
    }

    @Test func aWatchedPermitIsAskedAboutAfterAFinalStatusUntilTheWatchEnds() throws {
        let permits = try GatewayDatabaseFixture().database.permits
        try permits.add(PermitCommitments(idIzin: "I-1", nib: "812", kinds: [.technicalVerification], at: now), kdIzin: nil, namaIzin: nil,
                        sop: nil, caseID: nil, at: now)
        try permits.recordOSSStatus("I-1", code: "50", at: now)
        #expect(try permits.dueForOSSCheck(dueBy: now, limit: 10).isEmpty)
        try permits.watchAtOSS("I-1", true)  // its case waits for an upload only checkLicenseStatus shows
        #expect(try permits.dueForOSSCheck(dueBy: now, limit: 10).map(\.idIzin) == ["I-1"])
        try permits.watchAtOSS("I-1", false)
        #expect(try permits.dueForOSSCheck(dueBy: now, limit: 10).isEmpty)
    }

    @Test func aPermitKeepsWhatOSSCallsItForTheStatusesItIsSentBack() throws {
        let permits = try GatewayDatabaseFixture().database.permits
        let references = PermitStore.OSSReferences(idProyek: "R-1", ossID: "P-1", idProduk: nil, kdDaerah: "6171000000")
        try permits.add(PermitCommitments(idIzin: "I-1", nib: "8120000110001", kinds: [], at: now), kdIzin: nil, namaIzin: nil, sop: nil,
                        caseID: nil, references: references, at: now)
        #expect(try permits.permit("I-1")?.references == references)
    }
}

@Suite struct CaseKeyStoreTests {
    @Test func aKeyStaysBoundToItsFirstCase() throws {
        let keys = try GatewayDatabaseFixture().database.caseKeys
        #expect(try keys.bind("izin:I-1", to: "IP-1") == "IP-1")
        #expect(try keys.bind("izin:I-1", to: "IP-2") == "IP-1")
        #expect(try keys.caseID(for: "izin:I-1") == "IP-1")
        #expect(try keys.keys(of: "IP-1") == ["izin:I-1"])
    }

    @Test func sequencesCountUpByName() throws {
        let keys = try GatewayDatabaseFixture().database.caseKeys
        #expect(try [keys.next("IP"), keys.next("IP"), keys.next("II"), keys.next("IP")] == [1, 2, 1, 3])
    }
}

@Suite struct CursorStoreTests {
    @Test func aCursorIsKeptPerFeed() throws {
        let cursors = try GatewayDatabaseFixture().database.cursors
        #expect(try cursors.cursor("siinas") == nil)
        try cursors.set("siinas", to: "7", at: Date())
        try cursors.set("siinas", to: "9", at: Date())
        try cursors.set("sipro", to: "2", at: Date())
        #expect(try cursors.all() == ["siinas": "9", "sipro": "2"])
    }
}
