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

    @Test func aPushMustHaveHappenedWithinTheWindowByItsOccurredAt() throws {
        let now = try #require(JakartaTime.instant("2026-12-17T09:00:00+07:00"))
        func pushed(_ occurredAt: String) throws -> InboundMessage {
            let body = #"{"id": "N-1", "type": "data_industri.dipenuhi", "id_izin": "I-1", "occurred_at": "\#(occurredAt)"}"#
            return try SIINasInbound.pushed(body: Array(body.utf8), at: now, window: .seconds(15 * 60))
        }
        #expect(try pushed("2026-12-17T08:45:00+07:00").messageID == "N-1")
        #expect(try pushed("2026-12-17T02:15:00Z").messageID == "N-1")  // the same instant as 09:15 in Jakarta
        #expect(try pushed("2026-12-17T09:14:59.500+07:00").messageID == "N-1")
        for late in ["2026-12-17T08:44:59+07:00", "2026-12-17T09:15:01+07:00", "2019-03-01T10:00:00+07:00"] {
            #expect(throws: InboundError.self, "\(late)") { try pushed(late) }
        }
        #expect(throws: InboundError("occurred_at '2026-12-17T09:00:00' is not an ISO 8601 time with its offset, as 2026-12-17T09:05:00+07:00")) {
            try pushed("2026-12-17T09:00:00")
        }
    }
}

