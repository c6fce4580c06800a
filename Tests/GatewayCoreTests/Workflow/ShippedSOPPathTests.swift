import GatewayTestSupport
import Testing
@testable import GatewayCore

/// Each shipped SOP walked end to end: its happy path and every "Tidak".
/// The expected paths are read off the seeds, not produced by the engine.
@Suite struct ShippedSOPPathTests {
    // MARK: 000 Verifikasi Teknis Perizinan Usaha Industri

    // Step 9, the applicant downloading the letter, is seen by no system: the case reaches it and ends with it,
    // so the steps anybody acts on end at 8.

    @Test func verifikasiTeknisHappyPathApproves() throws {
        let walk = Walk(engine: try .shipped("verifikasi-teknis-izin-usaha-industri"))
        let (path, done, effects) = try walk.run()
        #expect(path == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(done.outcome == .approved)
        #expect(effects.contains(.send(message: "aplikasi.letterUploaded", step: 8)))
        #expect(done.history.suffix(2).map(\.event.kind) == ["started", "ended"] && done.history.suffix(2).first?.step == 9)
        #expect(effects.last == .ended(outcome: .approved, reason: "langkah 9 tidak teramati oleh sistem mana pun: "
            + "Menerima Surat Persetujuan/ Penolakan yang di download melalui Aplikasi"))
    }

    @Test func verifikasiTeknisEvaluationNoDraftsARejectionThatIsStillCorrectedAndSigned() throws {
        var walk = Walk(engine: try .shipped("verifikasi-teknis-izin-usaha-industri"))
        walk.answers = [5: [.no]]
        let (path, done, _) = try walk.run()
        #expect(path == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(done.outcome == .rejected)
    }

    @Test func verifikasiTeknisKabidNoSendsTheDraftBackToTimTeknis() throws {
        var walk = Walk(engine: try .shipped("verifikasi-teknis-izin-usaha-industri"))
        walk.answers = [6: [.no]]
        #expect(try walk.run().path == [1, 2, 3, 4, 5, 6, 5, 6, 7, 8])
    }

    @Test func verifikasiTeknisKadisNoSendsTheDraftBackToTheKabid() throws {
        var walk = Walk(engine: try .shipped("verifikasi-teknis-izin-usaha-industri"))
        walk.answers = [7: [.no]]
        #expect(try walk.run().path == [1, 2, 3, 4, 5, 6, 7, 6, 7, 8])
    }

    @Test func verifikasiTeknisIncompleteApplicationGoesBackToTheApplicant() throws {
        var walk = Walk(engine: try .shipped("verifikasi-teknis-izin-usaha-industri"))
        walk.returnIncompleteAt = [5]
        let (path, _, effects) = try walk.run()
        #expect(path == [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(effects.contains(.notifyApplicant(step: 1, reason: "berkas belum lengkap")))
    }

    // MARK: 001 Penerbitan Surat Rekomendasi Izin Usaha Bidang Industri

    @Test func rekomendasiHappyPathSendsTheLetterToDPMPTSP() throws {
        let (path, done, effects) = try Walk(engine: try .shipped("rekomendasi-izin-usaha-industri")).run()
        #expect(path == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(done.outcome == .approved)
        #expect(effects.contains(.send(message: "dpmptsp.recommendationLetter", step: 8)))
    }

    @Test(arguments: [
        (2, [1, 2, 1, 2, 3, 4, 5, 6, 7, 8]),  // berkas tidak sesuai: dikembalikan ke Kabid
        (4, [1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8]),  // lapangan tidak sesuai: dikembalikan kepada Kabid
        (6, [1, 2, 3, 4, 5, 6, 5, 6, 7, 8]),  // draft belum sesuai: dikembalikan kepada tim teknis
        (7, [1, 2, 3, 4, 5, 6, 7, 6, 7, 8]),  // Kadis: dikembalikan kepada Kabid Industri
    ])
    func rekomendasiEachTidakGoesBackWhereTheSeedSays(step: Int, expected: [Int]) throws {
        var walk = Walk(engine: try .shipped("rekomendasi-izin-usaha-industri"))
        walk.answers = [step: [.no]]
        let (path, done, _) = try walk.run()
        #expect(path == expected)
        #expect(done.outcome == .approved)
    }

    // MARK: 002 Izin Perluasan

    @Test func izinPerluasanHappyPathEndsEffective() throws {
        let (path, done, effects) = try Walk(engine: try .shipped("izin-perluasan")).run()
        #expect(path == [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])
        #expect(done.outcome == .approved)
        #expect(effects.contains(.send(message: "siinas.uploadBAP", step: 17)))
    }

    @Test(arguments: [
        (2, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]),  // data industri belum dipenuhi
        (9, [1, 2, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]),  // tanpa pemeriksaan lapangan
        (13, [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 12, 13, 14, 15, 16, 17, 18, 19, 20]),
        (14, [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 13, 14, 15, 16, 17, 18, 19, 20]),
    ])
    func izinPerluasanEachTidakTakesItsBranch(step: Int, expected: [Int]) throws {
        var walk = Walk(engine: try .shipped("izin-perluasan"))
        walk.answers = [step: [.no]]
        #expect(try walk.run().path == expected)
    }

    @Test func izinPerluasanNotReadyAfterVerificationStaysNotEffective() throws {
        var walk = Walk(engine: try .shipped("izin-perluasan"))
        walk.answers = [20: [.no]]
        let (_, done, effects) = try walk.run()
        #expect(done.outcome == .notEffective)
        #expect(effects.last == .ended(outcome: .notEffective, reason: "Hasil verifikasi teknis menyatakan belum siap: IP masih belum berlaku efektif"))
    }

    // MARK: 003 Izin Insidentil

    @Test func izinInsidentilHappyPathEndsWithThePermitCollected() throws {
        let (path, done, effects) = try Walk(engine: try .shipped("izin-insidentil")).run()
        #expect(path == Array(1...11))
        #expect(done.outcome == .approved)
        #expect(effects.contains(.send(message: "sipro.permitNumber", step: 9)))
        #expect(effects.contains(.send(message: "sipro.readyForPickup", step: 10)))
    }

    @Test func izinInsidentilIncompleteDocumentsGoBackToTheApplicant() throws {
        var walk = Walk(engine: try .shipped("izin-insidentil"))
        walk.answers = [2: [.no]]
        let (path, _, effects) = try walk.run()
        #expect(path == [1, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
        #expect(effects.contains(.notifyApplicant(step: 1, reason: "dikembalikan ke pemohon untuk dilengkapi")))
    }

    // MARK: 004 Verifikasi NIB

    @Test func verifikasiNIBHappyPathEndsWithTheRecommendationUploaded() throws {
        let (path, done, effects) = try Walk(engine: try .shipped("verifikasi-nib")).run()
        #expect(path == Array(1...8))
        #expect(done.outcome == .approved)
        // The Kadis's signature (step 7) is the agency's last act: step 8 is the applicant's upload.
        #expect(effects.filter { if case .agencyDone = $0 { true } else { false } } == [.agencyDone(step: 8, outcome: .approved)])
    }

    @Test func theAgencysPartEndsWhereOnlyTheApplicantActsOnAndNowhereBefore() throws {
        // Read off the seeds: SOP 004's step 8 upload and SOP 003's step 11 pickup are the applicant's, and the last; SOP 000's
        // and SOP 003's step 1, where a returned file waits, lead back to the officers.
        let expected = ["verifikasi-nib": [8], "izin-insidentil": [11], "verifikasi-teknis-izin-usaha-industri": [9],
                        "rekomendasi-izin-usaha-industri": [], "izin-perluasan": []]
        for (sop, steps) in expected {
            let definition = try RepositoryFiles.definition(sop)
            #expect(definition.steps.map(\.number).filter(definition.onlyTheApplicantActs(from:)) == steps, "\(sop)")
        }
    }

    @Test func aReturnedFileTheApplicantHoldsPastTheAgencysTimeoutEndsWithdrawnAndOnlyThere() throws {
        let tenDays = StepDuration(value: 10, unit: .workingDays, text: "10 hari kerja")
        let engine = WorkflowEngine(definition: try RepositoryFiles.definition("verifikasi-teknis-izin-usaha-industri"),
                                    calendar: try RepositoryFiles.calendar(), applicantTimeout: tenDays)
        var current = engine.open(caseID: "kasus-1", at: jakarta("2026-11-02 08:00")).case
        current = try engine.handle(.message(name: "aplikasi.applicationSubmitted"), on: current, at: jakarta("2026-11-02 09:00")).case
        for step in 2...4 {
            current = try engine.handle(.complete(step: step, by: .make(engine.definition.step(step)!.role)), on: current,
                                        at: jakarta("2026-11-02 10:00")).case
        }
        // Step 5 returns it on Monday 2 November at 11:00: ten working days later is Monday 16 November at 11:00.
        let returned = try engine.handle(.returnIncomplete(step: 5, by: .make("tim-teknis"), note: "NPWP tidak terbaca"), on: current,
                                         at: jakarta("2026-11-02 11:00"))
        let activation = try #require(returned.case.activeStep?.activation)
        #expect(returned.effects.contains(.scheduleDeadline(step: 1, activation: activation, at: jakarta("2026-11-16 11:00"))))
        // Woken early (the calendar moved the timeout): nothing happens but the row is set for the timeout again.
        let early = try engine.handle(.deadlinePassed(step: 1, activation: activation), on: returned.case, at: jakarta("2026-11-13 11:00"))
        #expect(early.appended.isEmpty && early.effects == [.scheduleDeadline(step: 1, activation: activation, at: jakarta("2026-11-16 11:00"))])
        // OSS freezing the NIB takes the row away; the NIB active again sets it back (the applicant's time is not extended).
        let frozen = try engine.handle(.freeze(reason: "dibekukan"), on: returned.case, at: jakarta("2026-11-05 09:00"))
        #expect(frozen.effects == [.cancelDeadline(step: 1, activation: activation)])
        let resumed = try engine.handle(.resume(reason: "aktif"), on: frozen.case, at: jakarta("2026-11-06 09:00"))
        #expect(resumed.effects.contains(.scheduleDeadline(step: 1, activation: activation, at: jakarta("2026-11-16 11:00"))))
        let lapsed = try engine.handle(.deadlinePassed(step: 1, activation: activation), on: returned.case, at: jakarta("2026-11-16 11:00"))
        #expect(lapsed.case.outcome == .withdrawn)
        #expect(lapsed.case.history.last?.event
                == .ended(outcome: .withdrawn, reason: "pemohon tidak menyelesaikan langkah 1 dalam 10 hari kerja sejak berkas dikembalikan: "
                          + "permohonan dianggap ditarik"))
        // Without a timeout the applicant is waited for.
        let patient = try WorkflowEngine.shipped("verifikasi-teknis-izin-usaha-industri")
        #expect(try patient.handle(.deadlinePassed(step: 1, activation: activation), on: returned.case, at: jakarta("2026-12-16 11:00"))
            .case.activeStep?.step == 1)
        // A step after the agency decided (SOP 004 step 8, the upload into OSS) is not where the application waits: no timeout.
        #expect(!WorkflowEngine(definition: try RepositoryFiles.definition("verifikasi-nib"), calendar: try RepositoryFiles.calendar(),
                                applicantTimeout: tenDays).holdsTheApplication(8))
        #expect(engine.holdsTheApplication(1))
    }

    @Test func anApplicantIsRemindedAtTheTimeStandardThenTimesOutOnTheSameDeadlineRow() throws {
        // SOP 003: a registration returned at step 2 waits at step 1, whose time standard is 30 minutes.
        let engine = WorkflowEngine(definition: try RepositoryFiles.definition("izin-insidentil"), calendar: try RepositoryFiles.calendar(),
                                    applicantTimeout: StepDuration(value: 3, unit: .workingDays, text: "3 hari kerja"))
        var current = engine.open(caseID: "kasus-1", at: jakarta("2026-11-02 08:00")).case
        current = try engine.handle(.message(name: "sipro.registration"), on: current, at: jakarta("2026-11-02 08:30")).case
        let returned = try engine.handle(.complete(step: 2, by: .make("front-office"), answer: .no), on: current, at: jakarta("2026-11-02 09:00"))
        let activation = try #require(returned.case.activeStep?.activation)
        #expect(returned.effects.contains(.scheduleDeadline(step: 1, activation: activation, at: jakarta("2026-11-02 09:30"))))
        let reminded = try engine.handle(.deadlinePassed(step: 1, activation: activation), on: returned.case, at: jakarta("2026-11-02 09:30"))
        #expect(reminded.effects == [.remindApplicant(step: 1, deadline: jakarta("2026-11-02 09:30")),
                                     .scheduleDeadline(step: 1, activation: activation, at: jakarta("2026-11-05 09:00"))])
        let lapsed = try engine.handle(.deadlinePassed(step: 1, activation: activation), on: reminded.case, at: jakarta("2026-11-05 09:00"))
        #expect(lapsed.case.outcome == .withdrawn)
    }

    @Test func verifikasiNIBStep8IsConfirmedByAnOfficerWithEvidenceWhenOSSNeverShowsTheUpload() throws {
        let engine = try WorkflowEngine.shipped("verifikasi-nib")
        /// A case at `last` + 1: steps 1-3 are the applicant's and OSS's messages, 4-7 the agency's.
        func after(_ last: Int) throws -> Case {
            var current = engine.open(caseID: "kasus-1", at: jakarta("2026-12-14 08:00")).case
            for step in 1...last {
                let definition = try #require(engine.definition.step(step))
                let event: WorkflowEvent = definition.awaits.map { .message(name: $0) } ?? .complete(step: step, by: .make(definition.role))
                current = try engine.handle(event, on: current, at: jakarta("2026-12-14 09:00")).case
            }
            return current
        }
        let atStep8 = try after(7)
        #expect(atStep8.activeStep?.step == 8)
        let kadis = Officer.make("kadis")
        #expect(throws: WorkflowError.evidenceRequired(step: 8)) {
            try engine.handle(.confirmForApplicant(step: 8, by: kadis, note: " ", documents: []), on: atStep8, at: jakarta("2026-12-14 10:00"))
        }
        #expect(throws: WorkflowError.roleNotHeld(step: 8, role: "pelaksana or pelaksana-assessor or kabid or kadis", officer: "petugas-sekretariat")) {
            try engine.handle(.confirmForApplicant(step: 8, by: .make("sekretariat"), note: "tampil di OSS", documents: []), on: atStep8,
                              at: jakarta("2026-12-14 10:00"))
        }
        let confirmed = try engine.handle(.confirmForApplicant(step: 8, by: kadis, note: "checkLicenseStatus 9 Januari: rekomendasi tampil",
                                                               documents: ["doc-1"]), on: atStep8, at: jakarta("2026-12-14 10:00"))
        #expect(confirmed.case.outcome == .approved)
        let entry = try #require(confirmed.appended.first)
        #expect(entry.step == 8 && entry.actor == .officer(id: kadis.id, role: "kadis") && entry.documents == ["doc-1"])
        #expect(entry.note?.contains("checkLicenseStatus 9 Januari") == true)
        // An officer's own step is not the applicant's to confirm.
        #expect(throws: WorkflowError.notApplicantStep(step: 4)) {
            try engine.handle(.confirmForApplicant(step: 4, by: kadis, note: "x", documents: []), on: try after(3), at: jakarta("2026-12-14 10:00"))
        }
    }
}
