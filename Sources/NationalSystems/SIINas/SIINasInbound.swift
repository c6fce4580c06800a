import Foundation
import GatewayCore

/// Reads SIINas notifications (pushed or polled, docs/siinas-api.md) into
/// ``InboundMessage``s. A type this gateway does not know is kept and
/// reported, not refused: SIINas may add types before we do.
public enum SIINasInbound {
    public static func notification(_ json: JSONValue) throws(InboundError) -> InboundMessage {
        guard json.object != nil else { throw InboundError("a notification must be a JSON object") }
        guard let id = json.field("id")?.meaningfulText else { throw InboundError("the notification has no id") }
        guard let type = json.field("type")?.meaningfulText else { throw InboundError("notification \(id) has no type") }
        let requestID = json.field("request_id")?.meaningfulText
        let idIzin = json.field("id_izin")?.meaningfulText
        var tolerated = json.toleratedQuirks
        let known = SIINasEventType(rawValue: type)
        if known == nil { tolerated.append("notification type '\(type)' is not one this gateway knows") }
        let data = json.field("data") ?? .null
        var answer: Answer?
        var attributes: [String: String] = [:]
        attributes["request_id"] = requestID
        switch known {
        case .verificationRequested, .resubmitted:
            if case .bool(let met)? = data.field("data_industri_terpenuhi") { answer = met ? .yes : .no }
        case .ossNotified:
            let code = OSSStatusCode(data.field("kd_status")?.meaningfulText ?? "")
            attributes["kd_status"] = code.code
            attributes["hasil"] = data.field("hasil")?.meaningfulText
            switch code {
            case .requirementsVerified: answer = .yes
            case .requirementsRejected: answer = .no
            default: tolerated.append("oss.dinotifikasi with kd_status '\(code.code)', neither 45 nor 93")
            }
        case .commitmentReportIssued:
            attributes["nomor_bapk"] = data.field("berita_acara_pemenuhan_komitmen")?.field("nomor")?.meaningfulText
            attributes["url_bapk"] = data.field("berita_acara_pemenuhan_komitmen")?.field("url")?.meaningfulText
        default:
            break
        }
        var keys: [String] = []
        if let idIzin { keys.append("izin:\(idIzin)") }
        if let requestID { keys.append("siinas:\(requestID)") }
        guard !keys.isEmpty else { throw InboundError("notification \(id) names neither an id_izin nor a request_id") }
        // Why, in words an officer reads in the case and OSS in keterangan.
        let note = data.field("catatan")?.meaningfulText
            ?? attributes["hasil"].map { "SIINas: hasil verifikasi teknis \($0.replacingOccurrences(of: "_", with: " ")) (kd_status \(attributes["kd_status"] ?? "-"))" }
        return InboundMessage(
            system: "siinas", name: "siinas.\(type)", dedupKey: "siinas:\(id)", messageID: id, keys: keys, idIzin: idIzin,
            answer: answer, note: note, attributes: attributes, tolerated: tolerated)
    }

    /// A pushed notification's body.
    public static func notification(body: [UInt8]) throws(InboundError) -> InboundMessage {
        try notification(json(body))
    }

    /// A pushed notification's body, which must have happened within `window` of `now` by its `occurred_at`
    /// (docs/siinas-api.md, "Freshness"): its signature covers the body, so an old body replayed is signed
    /// still; its `id` stops a replay the gateway has seen, this one a replay older than what it keeps.
    public static func pushed(body: [UInt8], at now: Date, window: Duration) throws(InboundError) -> InboundMessage {
        let json = try json(body)
        guard let text = json.field("occurred_at")?.meaningfulText else {
            throw InboundError("the notification has no occurred_at: a pushed notification must say when it happened")
        }
        guard let occurred = JakartaTime.instant(text) else {
            throw InboundError("occurred_at '\(text)' is not an ISO 8601 time with its offset, as 2026-12-17T09:05:00+07:00")
        }
        let seconds = Double(window.components.seconds)
        guard abs(occurred.timeIntervalSince(now)) <= seconds else {
            let minutes = Int((occurred.timeIntervalSince(now) / 60).rounded())
            throw InboundError("occurred_at \(text) is \(abs(minutes)) minutes \(minutes < 0 ? "before" : "after") the gateway's clock, outside "
                + "±\(Int(seconds / 60)) minutes: a delayed or replayed push is not taken (the feed still gives it)")
        }
        return try notification(json)
    }

    private static func json(_ body: [UInt8]) throws(InboundError) -> JSONValue {
        do {
            return try JSONValue.decode(Data(body))
        } catch {
            throw InboundError("the body is not JSON")
        }
    }
}
