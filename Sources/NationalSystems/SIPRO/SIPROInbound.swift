import Foundation
import GatewayCore

/// Reads SIPRO's event feed (docs/sipro-api.md) into ``InboundMessage``s.
public enum SIPROInbound {
    public static func event(_ json: JSONValue) throws(InboundError) -> InboundMessage {
        guard json.object != nil else { throw InboundError("an event must be a JSON object") }
        guard let id = json.field("id")?.meaningfulText else { throw InboundError("the event has no id") }
        guard let type = json.field("type")?.meaningfulText else { throw InboundError("event \(id) has no type") }
        guard let number = json.field("nomor_pendaftaran")?.meaningfulText else { throw InboundError("event \(id) has no nomor_pendaftaran") }
        var tolerated = json.toleratedQuirks
        if SIPROEventType(rawValue: type) == nil { tolerated.append("event type '\(type)' is not one this gateway knows") }
        var attributes = ["nomor_pendaftaran": number]
        let registration = json.field("pendaftaran")
        attributes["pemohon"] = registration?.field("pemohon")?.field("nama")?.meaningfulText
        attributes["tanggal_selesai"] = registration?.field("tanggal_selesai")?.meaningfulText
        return InboundMessage(
            system: "sipro", name: "sipro.\(type)", dedupKey: "sipro:\(id)", messageID: id, keys: ["sipro:\(number)"],
            attributes: attributes, reference: number, tolerated: tolerated)
    }
}
