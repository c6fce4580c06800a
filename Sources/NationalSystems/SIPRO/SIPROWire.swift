import Foundation
import GatewayCore

/// Where and how the gateway speaks to SIPRO (docs/sipro-api.md): an application's status, its permit
/// number and its pickup, and the event feed (SIPRO does not push).
public enum SIPROWire {
    public static func status(registration: String, _ update: SIPROStatusUpdate) throws -> OutboundRequest {
        try .post(base(registration) + "/status", update)
    }

    public static func permitNumber(registration: String, _ number: SIPROPermitNumber) throws -> OutboundRequest {
        try .post(base(registration) + "/nomor-izin", number)
    }

    public static func readyForPickup(registration: String, _ pickup: SIPROReadyForPickup) throws -> OutboundRequest {
        try .post(base(registration) + "/siap-diambil", pickup)
    }

    private static func base(_ registration: String) -> String {
        "/api/v1/permohonan/\(registration.percentEncodedSegment)"
    }

    /// The event feed, read from a cursor.
    public static let feed = SystemFeed(system: "sipro", path: "/api/v1/events", listKey: "events") { json throws(InboundError) in
        try SIPROInbound.event(json)
    }
}
