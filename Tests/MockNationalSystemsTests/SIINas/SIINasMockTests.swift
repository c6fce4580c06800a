import Foundation
import GatewayHTTP
import NationalSystems
import Testing
@testable import MockNationalSystems

@Suite struct SIINasMockTests {
    let request = "VT-2026-000101"
    let izin = "I-20261217090000000000101"

    /// OSS and SIINas with the izin-perluasan scenario, SIINas reporting to the mock OSS.
    func fixture() throws -> MockFixture {
        let fixture = try MockFixture(["oss", "siinas"])
        try fixture.loadScenario("izin-perluasan")
        return fixture
    }

    func upload(_ fixture: MockFixture, hasil: String = "siap", nomor: String = "BAP/001/XII/2026", document: [UInt8] = Array("%PDF-1.4 BAP".utf8)) throws -> ClientResponse {
        try fixture.siinas(.post, "/api/v1/verifikasi-teknis/\(request)/bap", body: [
            "nomor_bap": .string(nomor), "tanggal_bap": "2026-12-28", "hasil": .string(hasil), "catatan": "Sesuai",
            "pemeriksa": ["Tim Teknis 1", "Tim Teknis 2"],
            "dokumen": ["nama_file": "bap.pdf", "content_type": "application/pdf", "isi_base64": .string(Data(document).base64EncodedString())],
        ])
    }

    @Test func withoutTheBearerTokenSIINasAnswers401() throws {
        let fixture = try fixture()
        #expect(try fixture.siinas("/api/v1/notifications", token: nil).status == .unauthorized)
        #expect(try fixture.siinas("/api/v1/notifications", token: "wrong").status == .unauthorized)
    }

    @Test func notificationsArePushedSignedAndListedInTheFeedWithACursor() throws {
        let fixture = try fixture()
        try fixture.admin("siinas", .post, "events", ["type": "verifikasi_teknis.diajukan", "target": .string(request)]).requireSuccess()
        try fixture.admin("siinas", .post, "events", ["type": "data_industri.dipenuhi", "target": .string(request)]).requireSuccess()

        let pushes = fixture.receiver.at("/siinas/notifications")
        #expect(pushes.map { $0.json["type"]?.text } == ["verifikasi_teknis.diajukan", "data_industri.dipenuhi"])
        #expect(pushes.first?.json["data"]?["data_industri_terpenuhi"] == false)
        #expect(pushes.last?.json["data"]?["data_industri_terpenuhi"] == true)
        for push in pushes {
            #expect(SIINasSignature.verify(push.headers[SIINasSignature.header], body: push.body, secret: MockSettings().siinasSigningSecret))
        }

        let first = try fixture.siinas("/api/v1/notifications?after=0&limit=1").decodeJSON(SIINasFeedPage.self)
        #expect(first.notifications.map(\.type) == [.verificationRequested])
        let second = try fixture.siinas("/api/v1/notifications?after=\(first.next_cursor)").decodeJSON(SIINasFeedPage.self)
        #expect(second.notifications.map(\.type) == [.industryDataFulfilled])
        let none = try fixture.siinas("/api/v1/notifications?after=\(second.next_cursor)").decodeJSON(SIINasFeedPage.self)
        #expect(none.notifications.isEmpty && none.next_cursor == second.next_cursor)
        #expect(try fixture.siinas("/api/v1/notifications?after=x").status == .badRequest)
    }

    @Test func afterABAPUploadOSSShowsThePermitsCommitmentsFulfilled() throws {
        let fixture = try fixture()
        let uploaded = try upload(fixture)
        #expect(uploaded.status == .created)
        let receipt = try uploaded.decodeJSON(SIINasBAPReceipt.self)
        #expect(receipt.berita_acara_pemenuhan_komitmen?.nomor.hasPrefix("BAPK/") == true)
        #expect(receipt.sha256 == Digest.sha256Hex(Array("%PDF-1.4 BAP".utf8)))

        // SIINas set status 45 and OSS recorded the commitments as fulfilled; with a technical agency the
        // permit is issued elsewhere, so OSS approves it (50) by itself.
        let checked = try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(izin)]])
        #expect(checked.json["responcheckLicenseStatus"]?["dataIZIN"]?["kd_status"] == "50")
        let permit = try fixture.admin("oss", .get, "state").json["permits"]?[izin]
        #expect(permit?["commitments_fulfilled"] == true)
        #expect(permit?["statuses"]?.array?.suffix(2).map { [$0["kd_status"], $0["source"]] } == [["45", "siinas"], ["50", "oss"]])

        // The agency hears of the Berita Acara and of OSS being told (SOP 002 steps 18-19).
        #expect(fixture.receiver.at("/siinas/notifications").map { $0.json["type"]?.text } == ["berita_acara_pemenuhan_komitmen.terbit", "oss.dinotifikasi"])
        let status = try fixture.siinas("/api/v1/verifikasi-teknis/\(request)").decodeJSON(SIINasVerificationRequest.self)
        #expect(status.status == .commitmentsFulfilled)
        #expect(try fixture.client.get(receipt.berita_acara_pemenuhan_komitmen!.url).bodyText.hasPrefix("%PDF-"))
    }

    @Test func aBAPSayingNotReadyLeavesThePermitNotEffective() throws {
        let fixture = try fixture()
        let receipt = try upload(fixture, hasil: "belum_siap").decodeJSON(SIINasBAPReceipt.self)
        #expect(receipt.berita_acara_pemenuhan_komitmen == nil)
        let checked = try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(izin)]])
        #expect(checked.json["responcheckLicenseStatus"]?["dataIZIN"]?["kd_status"] == "93")
        #expect(try fixture.admin("oss", .get, "state").json["permits"]?[izin]?["commitments_fulfilled"] == false)
    }

    @Test func everyUploadIsAppliedAgainSoARepeatShowsAsTwoArrivals() throws {
        let fixture = try fixture()
        let first = try upload(fixture).decodeJSON(SIINasBAPReceipt.self)
        let repeated = try upload(fixture)
        let another = try upload(fixture, nomor: "BAP/002/XII/2026")
        #expect(repeated.status == .created)
        #expect(another.status == .created)
        #expect(try repeated.decodeJSON(SIINasBAPReceipt.self).bap_id != first.bap_id)
        // The request now holds the last BAP uploaded.
        let status = try fixture.siinas("/api/v1/verifikasi-teknis/\(request)").decodeJSON(SIINasVerificationRequest.self)
        #expect(status.bap?.nomor_bap == "BAP/002/XII/2026")
        // Three uploads journalled as applied, the two later ones saying whom they replaced; OSS told three times.
        let uploads = fixture.server("siinas").context.journal.entries(direction: .received, pathPrefix: "/api/v1/verifikasi-teknis/")
            .filter { $0.method == "POST" }
        #expect(uploads.map(\.applied) == [true, true, true])
        #expect(uploads[0].note == nil)
        #expect(uploads[2].note?.contains("replaced") == true && uploads[2].note?.contains("BAP/001/XII/2026") == true)
        #expect(repeated.headers["X-Mock-Note"] == nil)
        #expect(fixture.server("oss").context.journal.entries(direction: .received, pathPrefix: "receiveLicenseStatus").count == 3)
    }

    @Test func requestsAreListedByNIB() throws {
        let fixture = try fixture()
        let listed = try fixture.siinas("/api/v1/verifikasi-teknis?nib=8120000110001").json["permohonan"]?.array ?? []
        #expect(listed.map { $0["id"]?.text } == [request])
        #expect(try fixture.siinas("/api/v1/verifikasi-teknis?nib=0000000000000").json["permohonan"] == [])
        #expect(try fixture.siinas("/api/v1/verifikasi-teknis/VT-none").status == .notFound)
    }

    @Test func aReturnedRequestWaitsForItsApplicantWithTheReasonUntilTheyResubmitIt() throws {
        let fixture = try fixture()
        // Nothing to resubmit before the agency returned it.
        #expect(try fixture.admin("siinas", .post, "events", ["type": "verifikasi_teknis.diperbaiki", "target": .string(request)]).status == .conflict)
        let returned = try fixture.siinas(.post, "/api/v1/verifikasi-teknis/\(request)/pengembalian", body: [
            "referensi": "VT-1/5/6/notifyApplicant", "alasan": "NPWP tidak terbaca", "petugas": "Rina",
            "dikembalikan_at": "2026-12-18T09:00:00+07:00",
        ])
        #expect(returned.status == .created)
        let shown = try fixture.siinas("/api/v1/verifikasi-teknis/\(request)").json
        #expect(shown["status"] == "dikembalikan")
        #expect(shown["pengembalian"]?.array?.map { $0["alasan"]?.text } == ["NPWP tidak terbaca"])

        try fixture.admin("siinas", .post, "events", ["type": "verifikasi_teknis.diperbaiki", "target": .string(request)]).requireSuccess()
        #expect(try fixture.siinas("/api/v1/verifikasi-teknis/\(request)").json["status"] == "menunggu_verifikasi")
        let pushes = fixture.receiver.at("/siinas/notifications")
        #expect(pushes.map { $0.json["type"]?.text } == ["verifikasi_teknis.diperbaiki"])
        #expect(pushes.first?.json["request_id"]?.text == request)
    }

    @Test func aReturnWithoutAReasonOrAfterTheBAPIsRefused() throws {
        let fixture = try fixture()
        func giveBack(_ alasan: String) throws -> ClientResponse {
            try fixture.siinas(.post, "/api/v1/verifikasi-teknis/\(request)/pengembalian", body: [
                "referensi": "r", "alasan": .string(alasan), "petugas": "Rina", "dikembalikan_at": "2026-12-18T09:00:00+07:00",
            ])
        }
        #expect(try giveBack(" ").status == .badRequest)
        #expect(try upload(fixture).status == .created)
        #expect(try giveBack("Berkas belum lengkap").status == .conflict)
    }

    @Test func aClosedRequestSaysWhyOnceAndTakesNoBAPReturnOrOtherClosure() throws {
        let fixture = try fixture()
        func close(_ referensi: String, _ alasan: String) throws -> ClientResponse {
            try fixture.siinas(.post, "/api/v1/verifikasi-teknis/\(request)/penutupan", body: [
                "referensi": .string(referensi), "alasan": .string(alasan), "petugas": "Kadis", "ditutup_at": "2026-12-18T09:00:00+07:00",
            ])
        }
        #expect(try close("VT-1/withdrawn", " ").status == .badRequest)
        #expect(try close("VT-1/withdrawn", "Permohonan ditarik pemohon").status == .created)
        #expect(try close("VT-1/withdrawn", "Permohonan ditarik pemohon").status == .created)  // the same closure: as it stands
        #expect(try close("VT-1/other", "lagi").status == .conflict)
        let shown = try fixture.siinas("/api/v1/verifikasi-teknis/\(request)").json
        #expect(shown["status"] == "ditutup" && shown["penutupan"]?["alasan"] == "Permohonan ditarik pemohon")
        #expect(try upload(fixture).status == .conflict)
        #expect(try fixture.admin("siinas", .post, "events", ["type": "verifikasi_teknis.diperbaiki", "target": .string(request)]).status == .conflict)
    }

    @Test func aDecidedRequestCannotBeClosed() throws {
        let fixture = try fixture()
        #expect(try upload(fixture).status == .created)
        let closed = try fixture.siinas(.post, "/api/v1/verifikasi-teknis/\(request)/penutupan", body: [
            "referensi": "r", "alasan": "ditarik", "petugas": "Kadis", "ditutup_at": "2026-12-18T09:00:00+07:00",
        ])
        #expect(closed.status == .conflict)
    }

    @Test func aDocumentThatIsNotAPDFOrTooLargeIsRefused() throws {
        let fixture = try fixture()
        #expect(try upload(fixture, document: Array("not a pdf".utf8)).status == .badRequest)
        #expect(try upload(fixture, document: Array("%PDF-".utf8) + [UInt8](repeating: 0x20, count: 2 * 1024 * 1024)).status == .contentTooLarge)
        #expect(try fixture.siinas(.post, "/api/v1/verifikasi-teknis/\(request)/bap", body: ["nomor_bap": "x"]).status == .badRequest)
        #expect(try fixture.siinas(.post, "/api/v1/verifikasi-teknis/VT-none/bap", body: nil).status == .badRequest)
    }
}
