import Foundation
import GatewayCore
@testable import NationalSystems
import Testing

/// Which resource the gateway reads back before sending a message again, and what there shows it arrived
/// (paths and fields from docs/siinas-api.md and docs/sipro-api.md).
struct ReceiptQuestionTests {
    func question(_ target: String, _ path: String, _ body: String) -> ReceiptQuestion? {
        ReceiptQuestion.of(target: target, path: path, body: Array(body.utf8))
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

    @Test func aLetterIsLookedForInTheLetterBoxByItsNumber() throws {
        let asked = try #require(question("dpmptsp", "/api/v1/surat-masuk", #"{"nomor_surat": "IP-2026-000001/8"}"#))
        #expect(asked.path == "/api/v1/surat-masuk")
        #expect(asked.applied(try json(#"{"surat": [{"nomor_surat": "RK-1/8"}, {"nomor_surat": "IP-2026-000001/8"}]}"#)))
        #expect(!asked.applied(try json(#"{"surat": [{"nomor_surat": "IP-2026-000001/9"}]}"#)))
        #expect(!asked.applied(try json(#"{"surat": []}"#)))
    }

    @Test func aSIPROMessageIsLookedForInItsApplication() throws {
        let status = try #require(question("sipro", "/api/v1/permohonan/P-7/status", #"{"status": "diproses", "petugas": "Kasi"}"#))
        #expect(status.path == "/api/v1/permohonan/P-7")
        #expect(status.applied(try json(#"{"status": "diproses"}"#)))
        #expect(!status.applied(try json(#"{"status": "diterima"}"#)))

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
