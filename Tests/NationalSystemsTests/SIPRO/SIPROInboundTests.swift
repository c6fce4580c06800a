import Foundation
import Testing
@testable import NationalSystems

@Suite struct SIPROInboundTests {
    @Test func aRegistrationIsAMessageAboutItsNumber() throws {
        let message = try SIPROInbound.event([
            "id": "SIPRO-E-1", "sequence": 1, "type": "pendaftaran.baru", "nomor_pendaftaran": "SIPRO/INS/2026/0001",
            "pendaftaran": ["pemohon": ["nama": "Ahmad Fauzi"], "tanggal_selesai": "2026-12-31"],
        ])
        #expect(message.name == "sipro.pendaftaran.baru" && message.dedupKey == "sipro:SIPRO-E-1")
        #expect(message.keys == ["sipro:SIPRO/INS/2026/0001"] && message.reference == "SIPRO/INS/2026/0001")
        #expect(message.attributes["tanggal_selesai"] == "2026-12-31")
    }

    @Test func anEventWithoutItsRegistrationNumberIsRefused() {
        #expect(throws: InboundError("event SIPRO-E-2 has no nomor_pendaftaran")) {
            try SIPROInbound.event(["id": "SIPRO-E-2", "type": "izin.diambil"])
        }
    }
}
