import Foundation
import GatewayCore
import Testing
@testable import NationalSystems

@Suite struct SIINasWireTests {
    @Test func theBAPGoesToItsVerificationRequest() throws {
        let upload = SIINasBAPUpload(nomor_bap: "BAP/1", tanggal_bap: "2026-12-17", hasil: .ready, catatan: nil, pemeriksa: ["t"],
                                     dokumen: EncodedDocument(name: "bap.pdf", contentType: "application/pdf", bytes: Array("%PDF".utf8)))
        let request = try SIINasWire.uploadBAP(requestID: "VT-2026-000101", upload)
        #expect(request.method == "POST" && request.path == "/api/v1/verifikasi-teknis/VT-2026-000101/bap")
        #expect(try JSONValue.decode(Array(request.body.utf8)).field("nomor_bap") == "BAP/1")
    }
}
