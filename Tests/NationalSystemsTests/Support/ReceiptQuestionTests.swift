import Foundation
import GatewayCore
@testable import NationalSystems
import Testing

/// Which resource the gateway reads back before sending a message again, and what there shows it arrived
/// (paths and fields from docs/siinas-api.md and docs/sipro-api.md).
struct ReceiptQuestionTests {
    func question(_ target: String, _ path: String, _ body: String, sentBefore: Int = 0) -> ReceiptQuestion? {
        ReceiptQuestion.of(target: target, path: path, body: Array(body.utf8), sentBefore: sentBefore)
    }

    func json(_ text: String) throws -> JSONValue {
        try JSONValue.decode(Array(text.utf8))
    }

    @Test func aBAPIsLookedForInItsVerificationRequest() throws {
        let asked = try #require(question("siinas", "/api/v1/verifikasi-teknis/VT-2026-000101/bap", #"{"nomor_bap": "BAP/001/XII/2026"}"#))
        #expect(asked.path == "/api/v1/verifikasi-teknis/VT-2026-000101")
        #expect(asked.applied(try json(#"{"id": "VT-2026-000101", "bap": {"nomor_bap": "BAP/001/XII/2026"}}"#)))
        #expect(!asked.applied(try json(#"{"id": "VT-2026-000101", "bap": {"nomor_bap": "BAP/000/XII/2026"}}"#)))
        #expect(!asked.applied(try json(#"{"id": "VT-2026-000101", "status": "diajukan"}"#)))
    }

    @Test func aClosureIsLookedForInItsRequestByItsOwnReference() throws {
        let asked = try #require(question("siinas", "/api/v1/verifikasi-teknis/VT-2026-000201/penutupan",
                                          #"{"referensi": "VT-1/withdrawn", "alasan": "Permohonan ditarik pemohon"}"#))
        #expect(asked.path == "/api/v1/verifikasi-teknis/VT-2026-000201")
        #expect(asked.applied(try json(#"{"status": "ditutup", "penutupan": {"referensi": "VT-1/withdrawn"}}"#)))
        #expect(!asked.applied(try json(#"{"status": "menunggu_verifikasi"}"#)))
    }

    @Test func aReturnToTheApplicantIsLookedForInItsRequestByItsOwnReference() throws {
        let asked = try #require(question("siinas", "/api/v1/verifikasi-teknis/VT-2026-000201/pengembalian",
                                          #"{"referensi": "VT-1/5/6/notifyApplicant", "alasan": "NPWP tidak terbaca"}"#))
        #expect(asked.path == "/api/v1/verifikasi-teknis/VT-2026-000201")
        #expect(asked.applied(try json(#"{"pengembalian": [{"referensi": "VT-1/5/3/notifyApplicant"}, {"referensi": "VT-1/5/6/notifyApplicant"}]}"#)))
        // An earlier return of the same request is not this one.
        #expect(!asked.applied(try json(#"{"pengembalian": [{"referensi": "VT-1/5/3/notifyApplicant"}], "status": "dikembalikan"}"#)))
        #expect(!asked.applied(try json(#"{"status": "menunggu_verifikasi"}"#)))
        #expect(question("siinas", "/api/v1/verifikasi-teknis/VT-1/pengembalian", #"{"alasan": "x"}"#) == nil)
    }

    @Test func aLetterWithItsOwnReferenceIsLookedForByNumberAndReference() throws {
        let asked = try #require(question("dpmptsp", "/api/v1/surat-masuk", #"{"nomor_surat": "001/2026", "referensi": "RK-1/8"}"#))
        #expect(asked.applied(try json(#"{"surat": [{"nomor_surat": "001/2026", "referensi": "RK-1/8"}]}"#)))
        // Another agency's letter under the same register number is not this one.
        #expect(!asked.applied(try json(#"{"surat": [{"nomor_surat": "001/2026", "referensi": "X-9/2"}, {"nomor_surat": "001/2026"}]}"#)))
    }

    @Test func aLetterIsLookedForInTheLetterBoxByItsNumber() throws {
        let asked = try #require(question("dpmptsp", "/api/v1/surat-masuk", #"{"nomor_surat": "IP-2026-000001/8"}"#))
        #expect(asked.path == "/api/v1/surat-masuk")
        #expect(asked.applied(try json(#"{"surat": [{"nomor_surat": "RK-1/8"}, {"nomor_surat": "IP-2026-000001/8"}]}"#)))
        #expect(!asked.applied(try json(#"{"surat": [{"nomor_surat": "IP-2026-000001/9"}]}"#)))
        #expect(!asked.applied(try json(#"{"surat": []}"#)))
    }

    @Test func aSIPROMessageIsLookedForInItsApplication() throws {
        // A status by the application's history (docs/sipro-api.md: riwayat), which the applicant's later moves keep.
        let returned = #"{"status": "dikembalikan", "catatan": "Berkas kurang", "petugas": "Kasi"}"#
        let status = try #require(question("sipro", "/api/v1/permohonan/P-7/status", returned))
        #expect(status.path == "/api/v1/permohonan/P-7")
        let movedOn = try json(#"""
            {"status": "terdaftar", "riwayat": [{"status": "terdaftar"}, {"status": "dikembalikan", "catatan": "Berkas kurang", "petugas": "Kasi"},
             {"status": "terdaftar", "catatan": "Berkas dilengkapi pemohon"}]}
            """#)
        #expect(status.applied(movedOn))
        #expect(!status.applied(try json(#"{"status": "terdaftar", "riwayat": [{"status": "terdaftar"}]}"#)))
        #expect(!status.applied(try json(#"{"status": "dikembalikan", "riwayat": [{"status": "dikembalikan", "catatan": "Lain", "petugas": "Kasi"}]}"#)))
        // The same return told a second time arrived only when the history shows it twice.
        let again = try #require(question("sipro", "/api/v1/permohonan/P-7/status", returned, sentBefore: 1))
        #expect(!again.applied(movedOn))

        let number = try #require(question("sipro", "/api/v1/permohonan/P-7/nomor-izin", #"{"nomor_izin": "503/12/2026"}"#))
        #expect(number.applied(try json(#"{"status": "disetujui", "nomor_izin": "503/12/2026"}"#)))
        #expect(!number.applied(try json(#"{"status": "disetujui"}"#)))

        // Collected implies it was ready first.
        let pickup = try #require(question("sipro", "/api/v1/permohonan/P-7/siap-diambil", "{}"))
        #expect(pickup.applied(try json(#"{"status": "siap_diambil"}"#)))
        #expect(pickup.applied(try json(#"{"status": "diambil"}"#)))
        #expect(!pickup.applied(try json(#"{"status": "disetujui"}"#)))
    }

    @Test func messagesWithNothingToReadBackHaveNoQuestion() {
        #expect(question("sipro", "/api/v1/permohonan/P-7/unknown", "{}") == nil)
        #expect(question("sipro", "/api/v1/permohonan/P-7/status", "not json") == nil)
        #expect(question("siinas", "/api/v1/verifikasi-teknis/VT-1/bap", "{}") == nil)  // no number to look for
        #expect(question("oss", "/v1/kl/rba/receiveLicenseStatus", "{}") == nil)  // OSS is asked with checkLicenseStatus
    }
}
