import Foundation
import GatewayCore
import GatewayStore
import GatewayTestSupport
import NationalSystems
import Testing
@testable import GatewayDaemon

/// The processor on the shipped SOPs and routing rules, without HTTP.
@Suite struct CaseProcessorTests {
    @Test func aReceiveNIBOpensACasePerMatchingPermitWithItsCommitments() throws {
        let fixture = try ProcessorFixture()
        #expect(try fixture.receive(ProcessorFixture.nib()) == .accepted(cases: ["IP-2026-000001"]))
        #expect(try fixture.caseTask("IP-2026-000001").step == 2)  // step 1 (the NIB arrives) done at once
        let permit = try #require(try fixture.database.permits.permit("I-1"))
        #expect(permit.commitments.commitments.map(\.kind) == [.industryData, .technicalVerification])
        // No statutory clock yet: the Dinas holds no application until SOP 002 step 4.
        #expect(permit.commitments.commitment(.technicalVerification)?.dueAt == nil)
        #expect(try fixture.database.caseKeys.keys(of: "IP-2026-000001") == ["izin:I-1"])
    }

    @Test func theStatutoryClockStartsWhenTheFileReachesTheDinasAndAFieldCheckLengthensIt() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        _ = try fixture.receive(ProcessorFixture.siinas("N-1", "verifikasi_teknis.diajukan", data: ["data_industri_terpenuhi": true]))
        #expect(try fixture.caseTask("IP-2026-000001").step == 4)
        let started = try #require(try fixture.database.permits.permit("I-1")?.commitments.commitment(.technicalVerification))
        // Five working days from Thursday 17 December 2026, 09:00: past the weekend, cuti bersama and Natal.
        #expect(started.dueAt.map(JakartaTime.iso) == "2026-12-28T09:00:00+07:00")  // 18, 21, 22, 23, then 28 December
        #expect(started.clockStartedAt == fixture.now && started.workingDays == 5)
        // Steps 4 to 8 by their officers, then step 9 "Ya": a field check, 15 working days from the same start.
        for (step, role) in [(4, "operator"), (5, "kasi"), (6, "kabid"), (7, "kasi"), (8, "tim-teknis")] {
            try fixture.job { unit in
                _ = try fixture.processor.decide(.init(step: step), on: "IP-2026-000001", by: .init(officer: "o", roles: [role]), in: unit)
            }
        }
        try fixture.job { unit in
            _ = try fixture.processor.decide(.init(step: 9, answer: .yes), on: "IP-2026-000001", by: .init(officer: "t", roles: ["tim-teknis"]), in: unit)
        }
        let extended = try #require(try fixture.database.permits.permit("I-1")?.commitments.commitment(.technicalVerification))
        #expect(extended.workingDays == 15 && extended.clockStartedAt == fixture.now)
        // 18, 21, 22, 23, 28, 29, 30, 31 December (Natal, cuti bersama and New Year closed), 4-8, 11, 12 January
        #expect(extended.dueAt.map(JakartaTime.iso) == "2027-01-12T09:00:00+07:00")
        let clock = try fixture.database.syncLog.list(.init()).filter { $0.method == "komitmen.clock" }.compactMap(\.error)
        #expect(clock.count == 2 && clock[1].contains("a field check: 15 working days"))
    }

    @Test func aPassedStatutoryDeadlineIsRecordedAndEscalatedToTheHeadOfTheAgencyOnce() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        _ = try fixture.receive(ProcessorFixture.siinas("N-1", "verifikasi_teknis.diajukan", data: ["data_industri_terpenuhi": true]))
        let late = try #require(ISO8601DateFormatter().date(from: "2026-12-28T09:00:00+07:00"))
        try fixture.job(at: late) { unit in try fixture.processor.sweepCommitments(in: unit) }
        try fixture.job(at: late + 60) { unit in try fixture.processor.sweepCommitments(in: unit) }
        let escalations = try fixture.database.escalations.list()
        #expect(escalations.map(\.role) == ["statutory"] && escalations.first?.escalatedTo == "kadis")
        let breach = try fixture.database.syncLog.list(.init()).filter { $0.method == "komitmen.breach" }
        #expect(breach.count == 1 && breach.first?.error?.contains("OSS may now approve by itself") == true)
        #expect(try fixture.database.permits.permit("I-1")?.commitments.commitment(.technicalVerification)?.breachedAt != nil)
    }

    @Test func theStatutoryClockStandsStillWhileTheApplicantHoldsAReturnedFileAndNoBreachIsEscalatedForIt() throws {
        let fixture = try ProcessorFixture()
        let staff = Secrets.RoleToken(officer: "rina", roles: ["sekretariat", "kadis", "kabid", "tim-teknis"])
        func at(_ day: Int, month: Int = 12, year: Int = 2026) -> Date {
            fixture.configuration.calendar.instant(LocalDate(year: year, month: month, day: day)!, seconds: 9 * 3600)
        }
        // SOP 000: the application reaches the Dinas (step 2) on Thursday 17 December at 09:00: five working days,
        // 18, 21, 22, 23 and (cuti bersama 24, Natal 25) 28 December.
        _ = try fixture.receive(ProcessorFixture.nib(kdIzin: "030000000001", expansion: false))
        _ = try fixture.receive(ProcessorFixture.siinas("N-1", "verifikasi_teknis.diajukan"))
        #expect(try fixture.caseTask("VT-2026-000001").step == 2)
        for step in 2...4 { try fixture.job { unit in _ = try fixture.processor.decide(.init(step: step), on: "VT-2026-000001", by: staff, in: unit) } }
        // Step 5 returns it to the applicant on Friday 18 December at 09:00, one working day on: four are left.
        try fixture.job(at: at(18)) { unit in
            _ = try fixture.processor.decide(.init(step: 5, note: "NPWP tidak terbaca", returnIncomplete: true), on: "VT-2026-000001", by: staff, in: unit)
        }
        #expect(try fixture.caseTask("VT-2026-000001").step == 1)
        // SIINas, where the applicant applied, is told, with the officer's reason (seed 000 step 5: "dikembalikan kepada
        // pemohon melalui Aplikasi").
        let told = try #require(try fixture.database.outbox.list(limit: 10).first { $0.target == "siinas" })
        #expect(told.request.path == "/api/v1/verifikasi-teknis/VT-1/pengembalian")
        #expect(try JSONValue.decode(Array(told.request.body.utf8)).field("alasan")?.text == "NPWP tidak terbaca")
        let paused = try #require(try fixture.database.permits.permit("I-1")?.commitments.commitment(.technicalVerification))
        #expect(paused.pausedAt == at(18))
        // The old deadline comes while the applicant holds the file: not the agency's time, nothing to escalate.
        try fixture.job(at: at(28)) { unit in try fixture.processor.sweepCommitments(in: unit) }
        #expect(try fixture.database.escalations.list().isEmpty)
        // The completed file comes back through SIINas on Monday 28 December at 09:00 and reaches step 2 again: four
        // working days, 29, 30, 31 December and (New Year) 4 January.
        _ = try fixture.job(at: at(28)) { unit in
            try fixture.processor.receive(ProcessorFixture.siinas("N-2", "verifikasi_teknis.diperbaiki"), raw: .init(body: Array("{}".utf8)), in: unit)
        }
        #expect(try fixture.caseTask("VT-2026-000001").step == 2)
        let resumed = try #require(try fixture.database.permits.permit("I-1")?.commitments.commitment(.technicalVerification))
        #expect(resumed.pausedAt == nil && resumed.clockStartedAt == fixture.now && resumed.breachedAt == nil)
        #expect(resumed.dueAt == at(4, month: 1, year: 2027))
        let clock = try fixture.database.syncLog.list(.init()).filter { $0.method == "komitmen.clock" }.compactMap(\.error)
        #expect(clock.count == 3 && clock[1].contains("stopped: the file went back to the applicant")
                && clock[2].contains("runs again at step 2") && clock[2].hasSuffix("due 2027-01-04T09:00:00+07:00"))
    }

    @Test func oSSHearsTheClockStopAndRunAgainWithEachReturnOnlyWhereTheAgencyOptedIn() throws {
        let staff = Secrets.RoleToken(officer: "rina", roles: ["sekretariat", "kadis", "kabid", "tim-teknis"])
        func returnedAndResubmitted(_ fixture: ProcessorFixture) throws -> [OutboxMessage] {
            _ = try fixture.receive(ProcessorFixture.nib(kdIzin: "030000000001", expansion: false))
            _ = try fixture.receive(ProcessorFixture.siinas("N-1", "verifikasi_teknis.diajukan"))
            try fixture.job { unit in
                for step in 2...4 { _ = try fixture.processor.decide(.init(step: step), on: "VT-2026-000001", by: staff, in: unit) }
                _ = try fixture.processor.decide(.init(step: 5, note: "NPWP tidak terbaca", returnIncomplete: true), on: "VT-2026-000001", by: staff,
                                                 in: unit)
            }
            _ = try fixture.receive(ProcessorFixture.siinas("N-2", "verifikasi_teknis.diperbaiki"))
            return try fixture.database.outbox.list(limit: 20).filter { $0.target == "oss" }
        }
        // Shipped: off, as the guide does not say a Dinas teknis may send 41 and 42.
        #expect(try returnedAndResubmitted(ProcessorFixture()).isEmpty)
        // Opted in (routing.json ossStatus.technical.<sop>.returned, resubmitted).
        let optedIn = try ProcessorFixture { routing in
            var status = routing["ossStatus"]?.object ?? [:]
            var technical = status["technical"]?.object ?? [:]
            var sop = technical["verifikasi-teknis-izin-usaha-industri"]?.object ?? [:]
            sop["returned"] = "41"
            sop["resubmitted"] = "42"
            technical["verifikasi-teknis-izin-usaha-industri"] = .object(sop)
            status["technical"] = .object(technical)
            routing["ossStatus"] = .object(status)
        }
        let told = try returnedAndResubmitted(optedIn).map { try JSONValue.decode(Array($0.request.body.utf8)).field("IZINSTATUS") }
        #expect(told.map { $0?.field("kd_status")?.text } == ["41", "42"])
        #expect(told.first??.field("keterangan")?.text == "Berkas dikembalikan kepada pemohon: NPWP tidak terbaca")
        #expect(told.allSatisfy { $0?.field("id_izin") == "I-1" })
    }

    @Test func anInternalReturnKeepsTheStatutoryClockRunningFromItsFirstStart() throws {
        let fixture = try ProcessorFixture()
        // SOP 001: the clock starts at step 1, with the field check's 15 working days (step 3 always checks).
        _ = try fixture.receive(ProcessorFixture.nib(kdIzin: "030000000021", expansion: false))
        let started = try #require(try fixture.database.permits.permit("I-1")?.commitments.commitment(.recommendation))
        #expect(started.clockStartedAt == fixture.now && started.workingDays == 15)
        // Step 2 finds the file wanting and sends it back to the Kabid (step 1) two days later.
        let later = fixture.now + 2 * 86_400
        try fixture.job(at: later) { unit in
            _ = try fixture.processor.decide(.init(step: 1), on: "RK-2026-000001", by: ProcessorFixture.office, in: unit)
            _ = try fixture.processor.decide(.init(step: 2, answer: .no, note: "berkas belum sesuai"), on: "RK-2026-000001",
                                             by: ProcessorFixture.office, in: unit)
        }
        #expect(try fixture.caseTask("RK-2026-000001").step == 1)
        let after = try #require(try fixture.database.permits.permit("I-1")?.commitments.commitment(.recommendation))
        #expect(after.clockStartedAt == fixture.now && after.dueAt == started.dueAt && after.pausedAt == nil)
        #expect(try fixture.database.syncLog.list(.init()).filter { $0.method == "komitmen.clock" }.count == 1)
    }

    /// OSS shows a status for the permit, as the reconciler reads it with checkLicenseStatus.
    func ossShows(_ fixture: ProcessorFixture, _ code: String, _ description: String) throws {
        try fixture.job { unit in
            try fixture.processor.reconciled(idIzin: "I-1", code: OSSStatusCode(code), description: description, raw: .init(body: Array("{}".utf8)),
                                             in: unit)
        }
    }

    @Test func aPermitOSSApprovedByItselfEndsItsCaseApprovedByOSSWhateverTheSOPWithNothingLeftToDecideOrSend() throws {
        let fixture = try ProcessorFixture()
        // SOP 000 at step 2 (the Sekretariat) when OSS shows 57: its statutory time passed, OSS approved by law.
        _ = try fixture.receive(ProcessorFixture.nib(kdIzin: "030000000001", expansion: false))
        _ = try fixture.receive(ProcessorFixture.siinas("N-1", "verifikasi_teknis.diajukan"))
        try ossShows(fixture, "57", "Disetujui (fiktif positif)")
        let ended = try #require(try fixture.database.cases.load("VT-2026-000001"))
        #expect(ended.outcome == .approvedByOSS && ended.activeStep == nil)
        #expect(ended.history.last?.event == .ended(outcome: .approvedByOSS, reason: "OSS menyetujui izin dengan sendirinya (57, fiktif positif): "
                                                     + "batas waktu hukum dinas terlewati"))
        let permit = try #require(try fixture.database.permits.permit("I-1"))
        #expect(permit.commitments.effectiveness == .effective && permit.approvedByOSSAt != nil)
        #expect(permit.commitments.commitment(.technicalVerification)?.evidence == "OSS 57")
        #expect(try fixture.database.outbox.list(limit: 10).filter { $0.target == "oss" }.isEmpty)  // no 45 or 93 after it
        // The Sekretariat's task is gone; deciding it says why.
        #expect {
            try fixture.job { unit in
                _ = try fixture.processor.decide(.init(step: 2), on: "VT-2026-000001", by: .init(officer: "s", roles: ["sekretariat"]), in: unit)
            }
        } throws: { "\($0)".contains("OSS approved its permit by itself (57, fiktif positif)") }
    }

    @Test func aPermitOSSRefusedEndsItsCaseRejectedNotNotEffectiveAndThePermitEnds() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        try ossShows(fixture, "90", "Ditolak")
        let ended = try #require(try fixture.database.cases.load("IP-2026-000001"))
        #expect(ended.outcome == .rejected)
        let permit = try #require(try fixture.database.permits.permit("I-1"))
        #expect(permit.commitments.effectiveness == .ended(reason: "OSS menolak izin (90, Ditolak)"))
        #expect(try fixture.database.outbox.list(limit: 10).filter { $0.target == "oss" }.isEmpty)
    }

    @Test func aPermitANIBUpdateNoLongerListsEndsItsCaseAsRevokedByOSSAndTheOthersGoOn() throws {
        let fixture = try ProcessorFixture()
        func nib(_ items: [(id: String, kd: String, project: String)], tipeDokumen: String) throws -> InboundMessage {
            let dataNIB: JSONValue = [
                "nib": "8120000110001", "tipe_dokumen": .string(tipeDokumen),
                "data_proyek": [["id_proyek": "R-1", "flag_perluasan": "Y"], ["id_proyek": "R-2", "flag_perluasan": "N"]],
                "data_checklist": .array(items.map { item in
                    ["id_izin": item.id.isEmpty ? .null : .string(item.id), "id_proyek": .string(item.project), "kd_izin": .string(item.kd),
                     "jenis_izin": "02", "flag_checklist": "Y", "kd_daerah": "6171000000", "kewenangan": "02"]
                }),
            ]
            return try OSSInbound.read(Array(JSONValue.object(["dataNIB": dataNIB]).encoded()), method: .receiveNIB).message
        }
        _ = try fixture.receive(nib([("I-1", "030000000012", "R-1"), ("I-2", "030000000021", "R-2")], tipeDokumen: "9"))
        #expect(try fixture.database.cases.list().map(\.id).sorted() == ["IP-2026-000001", "RK-2026-000001"])
        // An update with an item whose id_izin is lost says nothing of what the NIB lost: nothing ends.
        _ = try fixture.receive(nib([("I-1", "030000000012", "R-1"), ("", "030000000021", "R-2")], tipeDokumen: "5"))
        #expect(try fixture.caseTask("RK-2026-000001").step == 1)
        // OSS sends the NIB again (perubahan) without I-2: the recommendation has nothing left to stand on.
        _ = try fixture.receive(nib([("I-1", "030000000012", "R-1")], tipeDokumen: "5"))
        let dropped = try #require(try fixture.database.cases.load("RK-2026-000001"))
        #expect(dropped.outcome == .revoked)
        #expect(dropped.history.last?.event == .ended(outcome: .revoked, reason: "dicabut oleh OSS: izin I-2 tidak lagi ada di data_checklist "
                                                       + "NIB 8120000110001 (tipe_dokumen 5)"))
        #expect(try fixture.database.permits.permit("I-2")?.commitments.effectiveness == .ended(reason: "dicabut oleh OSS: izin I-2 tidak lagi "
                                                                                                   + "ada di data_checklist NIB 8120000110001 (tipe_dokumen 5)"))
        #expect(try fixture.caseTask("IP-2026-000001").step == 2)  // the permit still listed goes on
    }

    /// SOP 000 decided through step 8 (approved), the Sekretariat and the Kepala Dinas with their names and NIPs on
    /// their tokens, the others without; returns what went to OSS.
    func verificationDecided(_ fixture: ProcessorFixture) throws -> JSONValue {
        try fixture.job { unit in
            for (officer, role, nama, nip) in [("rina", "sekretariat", "Rina Wati", "198501012010012001"),
                                               ("budi", "kadis", "Dr. Budi Santoso, M.T.", "197003152000031002")] {
                try unit.database.tokens.add(.init(id: "tok-\(officer)", officer: officer, roles: [role], tokenSHA256: officer, createdAt: fixture.now,
                                                   nama: nama, nip: nip))
            }
        }
        _ = try fixture.receive(ProcessorFixture.nib(kdIzin: "030000000001", expansion: false))
        _ = try fixture.receive(ProcessorFixture.siinas("N-1", "verifikasi_teknis.diajukan"))
        let letter = OfficerDecision.Document(name: "surat.pdf", contentType: "application/pdf",
                                              base64: Data("%PDF-1.4\n%%EOF\n".utf8).base64EncodedString())
        let steps: [(Int, String, String, Answer?)] = [(2, "rina", "sekretariat", nil), (3, "budi", "kadis", nil), (4, "andi", "kabid", nil),
                                                       (5, "tono", "tim-teknis", .yes), (6, "andi", "kabid", .yes), (7, "budi", "kadis", .yes)]
        for (step, officer, role, answer) in steps {
            _ = try fixture.job { unit in
                try fixture.processor.decide(.init(step: step, answer: answer), on: "VT-2026-000001", by: .init(officer: officer, roles: [role]), in: unit)
            }
        }
        _ = try fixture.job { unit in
            try fixture.processor.decide(.init(step: 8, document: letter), on: "VT-2026-000001", by: .init(officer: "rina", roles: ["sekretariat"]),
                                         in: unit)
        }
        let sent = try #require(try fixture.database.outbox.list(limit: 10).first { $0.target == "oss" })
        return try JSONValue.decode(Array(sent.request.body.utf8))
    }

    @Test func aStatusNamesTheOfficerWhoSetItByTheNIPOnTheirToken() throws {
        let status = try verificationDecided(ProcessorFixture()).field("IZINSTATUS")
        #expect(status?.field("kd_status") == "45" && status?.field("nip_status") == "198501012010012001")  // Rina, who uploaded the letter
    }

    @Test func anIssuedPermitNamesTheKepalaDinasWhoSignedAndTakesEffectOnItsDay() throws {
        let final = try verificationDecided(ProcessorFixture(environment: ["GERBANG_AGENCY_AUTHORITY": "licensing"])).field("IZINFINAL")
        #expect(final?.field("status_izin") == "49")
        #expect(final?.field("nama_ttd") == "Dr. Budi Santoso, M.T." && final?.field("nip_ttd") == "197003152000031002")
    }

    @Test func anOfficerWithoutANameOnTheirTokenIsTheAgencysConfiguredOfficer() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib(kdIzin: "030000000001", expansion: false))
        let people = try fixture.job { unit in
            try fixture.processor.effects.composer.signatories(of: try unit.loadCase("VT-2026-000001"), step: 2, in: unit)
        }
        let agency = fixture.configuration.settings.agency
        #expect(people.status == .init(nama: agency.namaPetugas, nip: agency.nipPetugas) && people.signer == people.status)
    }

    @Test func aPermitNoRuleRoutesOpensNothingButTheMessageIsKept() throws {
        let fixture = try ProcessorFixture()
        #expect(try fixture.receive(ProcessorFixture.nib(kdIzin: "099999999999", expansion: false)) == .accepted(cases: []))
        #expect(try fixture.database.cases.list().isEmpty)
        #expect(try fixture.database.inbox.count() == 1)
        #expect(try fixture.database.parked.count() == 0)  // no case will open for it later
        #expect(try fixture.database.syncLog.list(.init()).map(\.outcome) == ["ignored", "accepted"])
    }

    @Test func onlyChecklistItemsTheAgencyMustActOnInItsRegionOpenCasesTheOthersAreKeptAsNotOurs() throws {
        let fixture = try ProcessorFixture()
        func item(_ id: String, flag: String, daerah: String, level: String = "02") -> JSONValue {
            ["id_izin": .string(id), "id_proyek": "R-1", "kd_izin": "030000000012", "jenis_izin": "02", "flag_checklist": .string(flag),
             "kd_daerah": .string(daerah), "kewenangan": .string(level)]
        }
        // Lampiran 28: Y asks the agency to act; O OSS issues itself; T is a copy. 3201 is Kabupaten Bogor, not Kalbar (61).
        // The shipped agency acts for a province and a city (kewenangan 01, 02): a permit of the central government's (00) is not its.
        let dataNIB: JSONValue = ["nib": "8120000110001", "data_proyek": [["id_proyek": "R-1", "flag_perluasan": "Y"]], "data_checklist": [
            item("I-1", flag: "Y", daerah: "6171000000"), item("I-2", flag: "O", daerah: "6171000000"),
            item("I-3", flag: "T", daerah: "6171000000"), item("I-4", flag: "Y", daerah: "3201000000"),
            item("I-5", flag: "Y", daerah: "6171000000", level: "00"),
        ]]
        let message = try OSSInbound.read(Array(JSONValue.object(["dataNIB": dataNIB]).encoded()), method: .receiveNIB).message
        #expect(try fixture.receive(message) == .accepted(cases: ["IP-2026-000001"]))
        let left = try fixture.database.syncLog.list(.init()).filter { $0.outcome == "notOurs" }
        #expect(left.map(\.idIzin) == ["I-2", "I-3", "I-4", "I-5"])
        #expect(left[0].error?.hasPrefix("flag_checklist O (Otomatis Terbit)") == true)
        #expect(left[1].error?.hasPrefix("flag_checklist T (Tidak Butuh Komitmen (Tembusan))") == true)
        #expect(left[2].error?.contains("kd_daerah 3201000000 di luar wilayah dinas") == true)
        #expect(left[3].error == "kewenangan 00 (pusat): bukan kewenangan dinas (agency.kewenangan 01, 02)")
        #expect(try fixture.database.caseKeys.caseID(for: "izin:I-4") == nil)  // no other permit's case takes its key
    }

    @Test func aNIBWithNothingForTheAgencyIsKeptAsIgnoredSayingWhy() throws {
        let fixture = try ProcessorFixture()
        let dataNIB: JSONValue = ["nib": "8120000110001", "data_checklist": [
            ["id_izin": "I-9", "kd_izin": "030000000012", "flag_checklist": "Y", "kd_daerah": "3201000000"],
        ]]
        let message = try OSSInbound.read(Array(JSONValue.object(["dataNIB": dataNIB]).encoded()), method: .receiveNIB).message
        #expect(try fixture.receive(message) == .accepted(cases: []))
        let kept = try #require(try fixture.database.inbox.list(state: .ignored).first)
        #expect(kept.error?.hasPrefix("bukan kewenangan dinas: I-9: kd_daerah 3201000000") == true)
    }

    @Test func theSameMessageTwiceChangesNothingTheSecondTime() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        #expect(try fixture.receive(ProcessorFixture.nib()) == .duplicate)
        #expect(try fixture.database.cases.list().count == 1)
        #expect(try fixture.database.syncLog.list(.init()).map(\.outcome).suffix(1) == ["duplicate"])
    }

    /// An Izin Perluasan whose two commitments SIINas reports met (SOP 002 steps 3 and 19).
    func commitmentsMet(_ fixture: ProcessorFixture, verified: Bool = true) throws {
        _ = try fixture.receive(ProcessorFixture.nib())
        _ = try fixture.receive(ProcessorFixture.siinas("N-1", "data_industri.dipenuhi"))
        _ = try fixture.receive(ProcessorFixture.siinas("N-2", "oss.dinotifikasi", data: [
            "kd_status": verified ? "45" : "93", "hasil": verified ? "siap" : "belum_siap",
        ]))
    }

    @Test func aTechnicalAgencyLeavesTheEffectivePermitToOSS() throws {
        let fixture = try ProcessorFixture()
        try commitmentsMet(fixture)
        #expect(try fixture.database.permits.permit("I-1")?.commitments.effectiveness == .effective)
        #expect(try fixture.database.outbox.list(limit: 10).filter { $0.target == "oss" }.isEmpty)
    }

    @Test func aLicensingAuthorityTakesThePermitsNumberThenIssuesItWithIt() throws {
        let fixture = try ProcessorFixture(environment: ["GERBANG_AGENCY_AUTHORITY": "licensing"])
        try commitmentsMet(fixture)
        let numberCall = try #require(try fixture.database.outbox.message("I-1/status/50/49"))
        #expect(numberCall.request.path == "/v1/kl/rba/receiveLicense")
        let asked = try JSONValue.decode(Array(numberCall.request.body.utf8)).field("IZINFINAL")
        #expect(asked?.field("status_izin") == "49" && asked?.field("nomor_izin") == "" && asked?.field("jabatan_ttd") == "Kepala Dinas")
        #expect(try fixture.database.outbox.message("I-1/status/50/50") == nil)  // not before the number

        let reply = #"{"responreceiveLicense": {"kode": 200, "keterangan": "Sukses", "nomor_izin": "030/OSS/2026/000007"}}"#
        try fixture.job(publicURL: "https://gerbang.example.go.id") { unit in
            try fixture.processor.delivered(numberCall, attempt: 1, status: 200, latencyMilliseconds: 5, reply: Array(reply.utf8), in: unit)
        }
        #expect(try fixture.database.permits.permit("I-1")?.nomorIzin == "030/OSS/2026/000007")
        let issued = try #require(try fixture.database.outbox.message("I-1/status/50/50"))
        let sent = try JSONValue.decode(Array(issued.request.body.utf8)).field("IZINFINAL")
        #expect(sent?.field("status_izin") == "50" && sent?.field("nomor_izin") == "030/OSS/2026/000007")
        #expect(sent?.field("tgl_terbit_izin") == "2026-12-17" && sent?.field("tgl_berlaku_izin") == "2026-12-17")
        // The letter was attached before OSS gave the number: the 50 links a sheet stating it (file_izin), the PDF its link opens.
        let link = try #require(sent?.field("file_izin")?.text)
        #expect(link.hasPrefix("https://gerbang.example.go.id/berkas/"))
        let token = String(link.dropFirst("https://gerbang.example.go.id/berkas/".count))
        guard case .document(let opened) = try fixture.database.documents.linked(tokenHash: DocumentLinkToken.hash(token), at: fixture.now) else {
            Issue.record("the link opens no document")
            return
        }
        #expect(opened.contentType == "application/pdf" && opened.bytes.starts(with: Array("%PDF-".utf8)))
        #expect(String(decoding: opened.bytes, as: UTF8.self).contains("(Nomor izin: 030/OSS/2026/000007) Tj"))
    }

    @Test func aNumberCallShownAppliedAfterItsAnswerWasLostIssuesWithoutTheNumberAndLearnsItFromThe50() throws {
        let fixture = try ProcessorFixture(environment: ["GERBANG_AGENCY_AUTHORITY": "licensing"])
        try commitmentsMet(fixture)
        let numberCall = try #require(try fixture.database.outbox.message("I-1/status/50/49"))
        // The dispatcher found 49 in checkLicenseStatus: delivered, with no answer to read a number from.
        try fixture.job { unit in
            try fixture.processor.delivered(numberCall, attempt: 2, status: 200, latencyMilliseconds: 0, reply: [], in: unit)
        }
        #expect(try fixture.database.permits.permit("I-1")?.nomorIzin == nil)
        let issued = try #require(try fixture.database.outbox.message("I-1/status/50/50"))
        let sent = try #require(try JSONValue.decode(Array(issued.request.body.utf8)).field("IZINFINAL"))
        #expect(sent.field("status_izin") == "50" && sent.field("nomor_izin") == "")  // OSS keeps the number it gave

        let reply = #"{"responreceiveLicense": {"kode": 200, "keterangan": "Sukses", "nomor_izin": "030/OSS/2026/000009"}}"#
        try fixture.job { unit in
            try fixture.processor.delivered(issued, attempt: 1, status: 200, latencyMilliseconds: 5, reply: Array(reply.utf8), in: unit)
        }
        #expect(try fixture.database.permits.permit("I-1")?.nomorIzin == "030/OSS/2026/000009")
    }

    @Test func aLicensingAuthorityReportsAPermitThatStaysNotEffectiveAs52() throws {
        let fixture = try ProcessorFixture(environment: ["GERBANG_AGENCY_AUTHORITY": "licensing"])
        try commitmentsMet(fixture, verified: false)
        let push = try #require(try fixture.database.outbox.message("I-1/status/52"))
        #expect(push.request.body.contains(#""kd_status":"52""#) && push.request.body.contains("belum berlaku efektif"))
    }

    @Test func aMessageBeforeItsStepIsParkedAndDeliveredWhenTheCaseGetsThere() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        // Industry data met (step 3's message) before the verification request (step 2) says it was not.
        _ = try fixture.receive(ProcessorFixture.siinas("N-2", "data_industri.dipenuhi"))
        #expect(try fixture.caseTask("IP-2026-000001").step == 2)
        #expect(try fixture.database.parked.count() == 1)
        _ = try fixture.receive(ProcessorFixture.siinas("N-1", "verifikasi_teknis.diajukan", data: ["data_industri_terpenuhi": false]))
        #expect(try fixture.caseTask("IP-2026-000001").step == 4)  // 2 → 3, then the parked message → 4
        #expect(try fixture.database.parked.count() == 0)
        #expect(try fixture.database.permits.permit("I-1")?.commitments.commitment(.industryData)?.state == .fulfilled)
    }

    @Test func aFailedVerificationClosesTheCaseAndQueuesTheNotEffectiveStatusForOSS() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        _ = try fixture.receive(ProcessorFixture.siinas("N-9", "oss.dinotifikasi", data: ["kd_status": "93", "hasil": "belum_siap"]))
        #expect(try fixture.caseTask("IP-2026-000001").outcome == .notEffective)
        // In SOP 002 SIINas tells OSS (steps 18-19): a technical agency sends nothing of its own.
        #expect(try fixture.database.outbox.list(limit: 10).filter { $0.target == "oss" }.isEmpty)
        #expect(try fixture.database.permits.permit("I-1")?.commitments.effectiveness == .notEffective(reason: "SIINas: hasil verifikasi teknis belum siap (kd_status 93)"))
    }

    @Test func anOfficerOfAnotherRoleIsRefusedAndTheRightOneMovesTheCase() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib(kdIzin: "030000000021", expansion: false))  // Rekomendasi: step 1 is the Kabid's
        let kadis = Secrets.RoleToken(officer: "budi", roles: ["kadis"])
        #expect(throws: ProcessingError.wrongRole(step: 1, role: "kabid", title: "Kabid Industri", tokenRoles: ["kadis"])) {
            try fixture.job { unit in try fixture.processor.decide(.init(step: 1), on: "RK-2026-000001", by: kadis, in: unit) }
        }
        let kabid = Secrets.RoleToken(officer: "siti", roles: ["kabid"])
        let moved = try fixture.job { unit in try fixture.processor.decide(.init(step: 1, note: "lengkap"), on: "RK-2026-000001", by: kabid, in: unit) }
        #expect(moved.activeStep?.step == 2)
        #expect(throws: ProcessingError.refused(.answerRequired(step: 2, question: "Berkas sesuai?"))) {
            try fixture.job { unit in try fixture.processor.decide(.init(step: 2), on: "RK-2026-000001", by: .init(officer: "t", roles: ["tim-teknis"]), in: unit) }
        }
    }

    @Test func theRecommendationLetterNeedsItsPDFGivenWithTheDecisionOrAttachedBefore() throws {
        let fixture = try ProcessorFixture()
        try fixture.recommendationAtStep8()  // Rekomendasi (SOP 001)
        let office = ProcessorFixture.office
        // Step 8 sends the signed recommendation to DPMPTSP: without the letter there is nothing to send.
        #expect(throws: ProcessingError.incomplete(step: 8, missing: ["document (the letter as a PDF: it goes to its addressee with the message)"])) {
            try fixture.job { unit in try fixture.processor.decide(.init(step: 8), on: "RK-2026-000001", by: office, in: unit) }
        }
        let letter = Data("%PDF-1.4\n% rekomendasi\n%%EOF\n".utf8)
        _ = try fixture.job { unit in
            try fixture.processor.attach(.init(name: "rekomendasi.pdf", contentType: "application/pdf", base64: letter.base64EncodedString()),
                                         step: 8, note: nil, on: "RK-2026-000001", by: office, in: unit)
        }
        _ = try fixture.job { unit in try fixture.processor.decide(.init(step: 8), on: "RK-2026-000001", by: office, in: unit) }
        let sent = try #require(try fixture.database.outbox.list(limit: 10).first { $0.target == "dpmptsp" })
        #expect(sent.request.body.contains(letter.base64EncodedString()))
        // Numbered from the agency's register (agency.letterNumber "{seq}/{kdInstansi}/{bulan}/{yyyy}": the first letter of
        // December 2026 of kd_instansi 998), and referenced to its case and step.
        let body = try JSONValue.decode(Array(sent.request.body.utf8))
        #expect(body.field("nomor_surat") == "001/998/XII/2026" && body.field("referensi") == "RK-2026-000001/8")
    }

    @Test func aPassedDeadlineIsEscalatedToTheRoleAboveAndLogged() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib(kdIzin: "030000000021", expansion: false))
        fixture.now += 3600  // step 1 has 10 minutes
        let due = try fixture.database.cases.pendingDeadlines(dueBy: fixture.now)
        #expect(due.count == 1)
        try fixture.job { unit in for deadline in due { try fixture.processor.deadlinePassed(deadline, in: unit) } }
        let escalation = try #require(try fixture.database.escalations.list().first)
        #expect(escalation.caseID == "RK-2026-000001" && escalation.role == "kabid" && escalation.escalatedTo == "kadis")
        #expect(try fixture.database.cases.pendingDeadlines(dueBy: fixture.now).isEmpty)
        #expect(try fixture.database.syncLog.list(.init()).last?.outcome == "escalated")
    }

    @Test func theWorkAnItemCausesIsDoneBeforeTheItemsAfterIt() throws {
        let fixture = try ProcessorFixture(environment: ["GERBANG_AGENCY_AUTHORITY": "licensing"])
        _ = try fixture.receive(ProcessorFixture.nib())
        let mark = { (name: String) in FollowUp.log(SyncLogEntry(at: fixture.now, system: "test", method: name, direction: .incoming, outcome: "mark")) }
        let settle = { (kind: CommitmentKind) in FollowUp.settle(Settlement(idIzin: "I-1", kind: kind, fulfilled: true, evidence: "t", reason: nil)) }
        let before = try fixture.database.syncLog.list(.init()).count
        try fixture.job { unit in
            try fixture.processor.carryOut([mark("first"), settle(.industryData), settle(.technicalVerification), mark("last")], in: unit)
        }
        // The second settlement makes the permit effective, which queues its status for OSS: before "last".
        let methods = try fixture.database.syncLog.list(.init()).dropFirst(before).map(\.method)
        #expect(methods == ["first", "komitmen.industryData", "komitmen.technicalVerification", "oss.receiveLicense.number", "last"])
    }
}
