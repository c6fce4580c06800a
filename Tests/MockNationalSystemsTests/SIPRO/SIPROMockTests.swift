import Foundation
import GatewayCore
import GatewayHTTP
import NationalSystems
import Testing
@testable import MockNationalSystems

@Suite struct SIPROMockTests {
    let complete = "SIPRO%2FINS%2F2026%2F0001"
    let incomplete = "SIPRO%2FINS%2F2026%2F0002"

    func fixture() throws -> MockFixture {
        let fixture = try MockFixture(["sipro"])
        try fixture.loadScenario("izin-insidentil", emit: true)
        return fixture
    }

    @Test func withoutTheKeySIPROAnswers401() throws {
        let fixture = try fixture()
        #expect(try fixture.sipro("/api/v1/events", key: nil).status == .unauthorized)
    }

    @Test func registrationsAreAFeedWithACursor() throws {
        let fixture = try fixture()
        let page = try fixture.sipro("/api/v1/events?after=0").decodeJSON(SIPROFeedPage.self)
        #expect(page.events.map(\.type) == [.registered, .registered])
        #expect(page.events.first?.pendaftaran?.pemohon.nama == "Ahmad Fauzi")
        #expect(try fixture.sipro("/api/v1/events?after=\(page.next_cursor)").decodeJSON(SIPROFeedPage.self).events.isEmpty)
    }

    @Test func anApplicationMovesFromReceivedToCollected() throws {
        let fixture = try fixture()
        for status in ["diterima", "diproses", "disetujui"] {
            #expect(try fixture.sipro(.post, "/api/v1/permohonan/\(complete)/status", body: ["status": .string(status), "petugas": "FO-1"]).status == .ok)
        }
        #expect(try fixture.sipro(.post, "/api/v1/permohonan/\(complete)/siap-diambil", body: ["loket": "2"]).status == .conflict)  // no number yet
        #expect(try fixture.sipro(.post, "/api/v1/permohonan/\(complete)/nomor-izin", body: [
            "nomor_izin": "551/INS/XII/2026", "tanggal_terbit": "2026-12-23", "berlaku_sampai": "2026-12-31",
        ]).status == .ok)
        #expect(try fixture.sipro(.post, "/api/v1/permohonan/\(complete)/siap-diambil", body: ["loket": "2"]).status == .ok)
        try fixture.admin("sipro", .post, "events", ["scenario": "izin-insidentil", "id": "ambil-1"]).requireSuccess()

        let application = try fixture.sipro("/api/v1/permohonan/\(complete)").decodeJSON(SIPROApplication.self)
        #expect(application.status == .collected)
        #expect(application.nomor_izin == "551/INS/XII/2026")
        #expect(application.riwayat.map(\.status) == [.registered, .received, .inProcess, .approved, .numbered, .readyForPickup, .collected])
        let events = try fixture.sipro("/api/v1/events?after=0").decodeJSON(SIPROFeedPage.self).events
        #expect(events.last?.type == .collected)
        #expect(try fixture.sipro(.post, "/api/v1/permohonan/\(complete)/status", body: ["status": "diproses"]).status == .conflict)
    }

    @Test func aReturnedApplicationComesBackWhenTheApplicantCompletesIt() throws {
        let fixture = try fixture()
        // Not returned yet: nothing to resubmit.
        #expect(try fixture.admin("sipro", .post, "events", ["scenario": "izin-insidentil", "id": "perbaikan-2"]).status == .conflict)
        #expect(try fixture.sipro(.post, "/api/v1/permohonan/\(incomplete)/status", body: ["status": "dikembalikan", "catatan": "STNK belum dilampirkan"]).status == .ok)
        try fixture.admin("sipro", .post, "events", ["scenario": "izin-insidentil", "id": "perbaikan-2"]).requireSuccess()
        let events = try fixture.sipro("/api/v1/events?after=0").decodeJSON(SIPROFeedPage.self).events
        #expect(events.last?.type == .resubmitted)
        #expect(try fixture.sipro("/api/v1/permohonan/\(incomplete)").decodeJSON(SIPROApplication.self).status == .registered)
    }

    @Test func aFinalStatusToldAgainIsAppliedAgainButNothingElseFollowsIt() throws {
        let fixture = try fixture()
        for (status, code) in [("dibatalkan", 200), ("dibatalkan", 200), ("diproses", 409)] {
            #expect(try fixture.sipro(.post, "/api/v1/permohonan/\(complete)/status", body: ["status": .string(status)]).status.code == code, "\(status)")
        }
        let shown = try fixture.sipro("/api/v1/permohonan/\(complete)").decodeJSON(SIPROApplication.self)
        #expect(shown.status == .withdrawn && shown.riwayat.filter { $0.status == .withdrawn }.count == 2)
        // The same for a refusal: a repeat shows as two arrivals.
        #expect(try fixture.sipro(.post, "/api/v1/permohonan/\(incomplete)/status", body: ["status": "ditolak"]).status == .ok)
        #expect(try fixture.sipro(.post, "/api/v1/permohonan/\(incomplete)/status", body: ["status": "ditolak"]).status == .ok)
    }

    @Test func statusesWithTheirOwnEndpointsAreRefusedOnTheStatusEndpoint() throws {
        let fixture = try fixture()
        #expect(try fixture.sipro(.post, "/api/v1/permohonan/\(complete)/status", body: ["status": "diambil"]).status == .badRequest)
        #expect(try fixture.sipro(.post, "/api/v1/permohonan/\(complete)/status", body: ["status": "selesai"]).status == .badRequest)
        #expect(try fixture.sipro("/api/v1/permohonan/SIPRO%2Fnone").status == .notFound)
    }
}

@Suite struct DPMPTSPLetterBoxTests {
    @Test func aLetterIsFiledUnderAnAgendaNumberAndListed() throws {
        let fixture = try MockFixture(["sipro"])
        let letter: JSONValue = [
            "nomor_surat": "RK-2026-000001/8", "perihal": "Surat rekomendasi", "dari": "Dinas Perindustrian", "tanggal": "2026-12-18",
            "dokumen": ["nama_file": "rekomendasi.pdf", "content_type": "application/pdf", "isi_base64": "JVBERi0xLjQK"],
        ]
        let filed = try fixture.sipro(.post, "/api/v1/surat-masuk", body: letter)
        #expect(filed.status == .created)
        let agenda = try #require(filed.json["nomor_agenda"]?.text)
        let listed = try fixture.sipro("/api/v1/surat-masuk").json["surat"]?.array ?? []
        #expect(listed.map { $0["nomor_agenda"]?.text } == [agenda])
        #expect(listed.first?["perihal"] == "Surat rekomendasi")
    }

    @Test func aLetterWithoutItsSubjectIsRefused() throws {
        let fixture = try MockFixture(["sipro"])
        let response = try fixture.sipro(.post, "/api/v1/surat-masuk", body: ["nomor_surat": "1", "dari": "Dinas", "tanggal": "2026-12-18"])
        #expect(response.status == .badRequest)
        #expect(response.json["error"]?["message"]?.text?.contains("perihal") == true)
    }
}
