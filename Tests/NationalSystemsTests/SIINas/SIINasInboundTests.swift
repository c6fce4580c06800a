import Foundation
import GatewayCore
import Testing
@testable import NationalSystems

@Suite struct SIINasInboundTests {
    func notification(_ type: String, data: JSONValue = [:]) -> JSONValue {
        ["id": "SIINAS-N-7", "sequence": 7, "type": .string(type), "request_id": "VT-1", "nib": "8120000110001", "id_izin": "I-1", "data": data]
    }

    @Test func aVerificationRequestAnswersWhetherIndustryDataIsMet() throws {
        let message = try SIINasInbound.notification(notification("verifikasi_teknis.diajukan", data: ["data_industri_terpenuhi": false]))
        #expect(message.name == "siinas.verifikasi_teknis.diajukan" && message.dedupKey == "siinas:SIINAS-N-7")
        #expect(message.keys == ["izin:I-1", "siinas:VT-1"])
        #expect(message.answer == .no)
    }

    @Test func theResultReportedToOSSAnswersYesFor45AndNoFor93WithTheReason() throws {
        #expect(try SIINasInbound.notification(notification("oss.dinotifikasi", data: ["kd_status": "45", "hasil": "siap"])).answer == .yes)
        let refused = try SIINasInbound.notification(notification("oss.dinotifikasi", data: ["kd_status": "93", "hasil": "belum_siap"]))
        #expect(refused.answer == .no)
        #expect(refused.note == "SIINas: hasil verifikasi teknis belum siap (kd_status 93)")
    }

    @Test func anUnknownTypeIsKeptAndReportedNotRefused() throws {
        let message = try SIINasInbound.notification(notification("izin_usaha.dicabut"))
        #expect(message.name == "siinas.izin_usaha.dicabut")
        #expect(message.tolerated == ["notification type 'izin_usaha.dicabut' is not one this gateway knows"])
    }

    @Test func aNotificationWithoutIdOrSubjectIsRefused() {
        #expect(throws: InboundError("the notification has no id")) { try SIINasInbound.notification(["type": "x"]) }
        #expect(throws: InboundError("notification N-1 names neither an id_izin nor a request_id")) {
            try SIINasInbound.notification(["id": "N-1", "type": "data_industri.dipenuhi"])
        }
        #expect(throws: InboundError.self) { try SIINasInbound.notification(body: Array("[".utf8)) }
    }
}
