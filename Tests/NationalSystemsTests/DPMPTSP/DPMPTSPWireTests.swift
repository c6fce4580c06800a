import Foundation
import GatewayCore
import Testing
@testable import NationalSystems

@Suite struct DPMPTSPWireTests {
    @Test func aLetterGoesToTheLetterBox() throws {
        let letter = DPMPTSPLetter(nomor_surat: "RK-1/8", perihal: "Rekomendasi", dari: "Dinas", tanggal: "2026-12-17", id_izin: "I-1", nib: nil,
                                   ringkasan: nil, dokumen: nil)
        let request = try DPMPTSPWire.letter(letter)
        #expect(request.path == "/api/v1/surat-masuk" && request.path == DPMPTSPWire.listingPath)
        #expect(try JSONValue.decode(Array(request.body.utf8)).field("nomor_surat") == "RK-1/8")
    }
}
