import Foundation
import GatewayCore
import Testing
@testable import NationalSystems

@Suite struct DPMPTSPWireTests {
    @Test func aLetterGoesToTheLetterBox() throws {
        let letter = DPMPTSPLetter(nomor_surat: "RK-1/8", perihal: "Rekomendasi", dari: "Dinas", tanggal: "2026-12-17", id_izin: "I-1", nib: nil,
                                   ringkasan: nil, dokumen: nil)
        let request = try DPMPTSPWire.letter(letter)
        // docs/sipro-api.md: POST /api/v1/surat-masuk with the letter's fields.
        #expect(request.method == "POST" && request.path == "/api/v1/surat-masuk")
        let sent = try JSONValue.decode(Array(request.body.utf8))
        #expect(sent.field("nomor_surat") == "RK-1/8" && sent.field("perihal") == "Rekomendasi" && sent.field("id_izin") == "I-1")
        #expect(sent.field("tanggal") == "2026-12-17" && sent.field("dari") == "Dinas")
    }
}
