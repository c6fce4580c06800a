import Foundation
import GatewayCore
import Testing
@testable import NationalSystems

@Suite struct SIPROWireTests {
    @Test func aRegistrationNumberWithSlashesStaysOnePathSegment() throws {
        let request = try SIPROWire.readyForPickup(registration: "551/12/INS 2026", SIPROReadyForPickup(loket: "2"))
        #expect(request.path == "/api/v1/permohonan/551%2F12%2FINS%202026/siap-diambil")
        #expect(try JSONValue.decode(Array(request.body.utf8)) == ["loket": "2"])
    }

    @Test func eachCallHasItsOwnPathUnderTheApplication() throws {
        let status = try SIPROWire.status(registration: "P-1", SIPROStatusUpdate(status: .inProcess, catatan: nil, petugas: "budi"))
        let number = try SIPROWire.permitNumber(registration: "P-1", SIPROPermitNumber(nomor_izin: "551/1/INS/2026", tanggal_terbit: "2026-12-17",
                                                                                       berlaku_sampai: nil))
        #expect([status.path, number.path] == ["/api/v1/permohonan/P-1/status", "/api/v1/permohonan/P-1/nomor-izin"])
        #expect(number.body.contains(#""nomor_izin":"551/1/INS/2026""#))  // slashes unescaped, as the journals show them
    }
}
