import Foundation
import GatewayCore
import NationalSystems

/// A message on its way to a case, as parked when it came before the case could take it.
/// Its coded form is what the parked table keeps: the field names stay as they are.
struct RoutedMessage: Sendable, Codable, Equatable {
    let system: String
    let inbound: String
    let messageID: String
    let keys: [String]
    let idIzin: String?
    let answer: Answer?
    let note: String?
    let attributes: [String: String]
    /// The step message it carries, once known (parked under a case); nil when parked under a key.
    let step: String?

    init(system: String, inbound: String, messageID: String, keys: [String], idIzin: String?, answer: Answer?, note: String?,
         attributes: [String: String], step: String?) {
        self.system = system
        self.inbound = inbound
        self.messageID = messageID
        self.keys = keys
        self.idIzin = idIzin
        self.answer = answer
        self.note = note
        self.attributes = attributes
        self.step = step
    }

    /// An inbound message, before its step message is known.
    init(_ message: InboundMessage) {
        self.init(system: message.system, inbound: message.name, messageID: message.messageID, keys: message.keys, idIzin: message.idIzin,
                  answer: message.answer, note: message.note, attributes: message.attributes, step: nil)
    }

    /// The same message carrying one step message (one inbound message may complete steps of several names).
    func carrying(_ step: String) -> RoutedMessage {
        RoutedMessage(system: system, inbound: inbound, messageID: messageID, keys: keys, idIzin: idIzin, answer: answer, note: note,
                      attributes: attributes, step: step)
    }

    /// A delivery a step awaits (`onDelivered`), as the message the case hears.
    static func delivered(_ kind: String, id: String, idIzin: String?, target: String, step: String) -> RoutedMessage {
        RoutedMessage(system: target, inbound: "\(kind) delivered", messageID: id, keys: [], idIzin: idIzin, answer: nil, note: nil,
                      attributes: [:], step: step)
    }
}
