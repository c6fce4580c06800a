import Foundation
import GatewayCore

/// Where and how the gateway speaks to SIINas (docs/siinas-api.md): the BAP upload of a verification
/// request and the notification feed.
public enum SIINasWire {
    /// Where SIINas pushes its signed notifications to the agency (docs/siinas-api.md).
    public static let pushPath = "/siinas/notifications"

    /// The BAP of a technical verification, uploaded to the request SIINas opened (SOP 002 step 16).
    public static func uploadBAP(requestID: String, _ upload: SIINasBAPUpload) throws -> OutboundRequest {
        try .post("/api/v1/verifikasi-teknis/\(requestID.percentEncodedSegment)/bap", upload)
    }

    /// A request returned to its applicant as incomplete, with the officer's reason (SOP 000 step 5).
    public static func returnToApplicant(requestID: String, _ pengembalian: SIINasReturn) throws -> OutboundRequest {
        try .post("/api/v1/verifikasi-teknis/\(requestID.percentEncodedSegment)/pengembalian", pengembalian)
    }

    /// A request the agency closed before it decided, with the reason (a withdrawal).
    public static func close(requestID: String, _ penutupan: SIINasClosure) throws -> OutboundRequest {
        try .post("/api/v1/verifikasi-teknis/\(requestID.percentEncodedSegment)/penutupan", penutupan)
    }

    /// The notification feed, read from a cursor (a safety net under SIINas's pushes).
    public static let feed = SystemFeed(system: "siinas", path: "/api/v1/notifications", listKey: "notifications") { json throws(InboundError) in
        try SIINasInbound.notification(json)
    }
}
