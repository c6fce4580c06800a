import Foundation
import GatewayCore

/// What a message from a national system means to the gateway, read from
/// its wire format by one of the adapters (``OSSInbound``, ``SIINasInbound``,
/// ``SIPROInbound``). The routing rules decide what it does to cases.
public struct InboundMessage: Sendable, Equatable {
    /// One permit of a receiveNIB checklist, with the fields the open rules match on.
    public struct Permit: Sendable, Equatable {
        public let idIzin: String
        public let nib: String
        public let kdIzin: String?
        public let namaIzin: String?
        /// kd_izin, jenis_izin, flag_checklist, kewenangan, flag_perluasan of the permit's project, and the
        /// references OSS wants back (id_proyek, id_produk, kd_daerah, oss_id).
        public let fields: [String: String]
    }

    /// oss, siinas or sipro.
    public let system: String
    /// The name the routing rules use: "oss.receiveNIB", "siinas.verifikasi_teknis.diajukan", "sipro.pendaftaran.baru".
    public let name: String
    /// The inbox's unique key: a repeat of the same message has the same key (DESIGN.md rule 2).
    public let dedupKey: String
    /// The sender's id for the message, for the sync log.
    public let messageID: String
    /// What the message is about, as case keys: "izin:I-…", "siinas:VT-…", "sipro:SIPRO/INS/2026/0001".
    public let keys: [String]
    public let idIzin: String?
    /// The answer the message gives a deciding step (data industri terpenuhi, kd_status 45 or 93).
    public let answer: Answer?
    public let note: String?
    public var attributes: [String: String]
    /// For receiveNIB: the permits of its checklist.
    public let permits: [Permit]
    /// What an opened case refers to outside the gateway (a SIPRO registration number).
    public let reference: String?
    /// What was tolerated while reading (unknown codes or types, "-" placeholders, stray spaces in keys): logged.
    public let tolerated: [String]

    public init(system: String, name: String, dedupKey: String, messageID: String, keys: [String], idIzin: String? = nil,
                answer: Answer? = nil, note: String? = nil, attributes: [String: String] = [:], permits: [Permit] = [],
                reference: String? = nil, tolerated: [String] = []) {
        self.system = system
        self.name = name
        self.dedupKey = dedupKey
        self.messageID = messageID
        self.keys = keys
        self.idIzin = idIzin
        self.answer = answer
        self.note = note
        self.attributes = attributes
        self.permits = permits
        self.reference = reference
        self.tolerated = tolerated
    }

    /// The method part of the name, for the sync log: "receiveNIB", "verifikasi_teknis.diajukan".
    public var method: String {
        name.hasPrefix(system + ".") ? String(name.dropFirst(system.count + 1)) : name
    }
}

/// A message that cannot be read: the HTTP status to answer and what is wrong, in words for the sender.
public struct InboundError: Error, Equatable, CustomStringConvertible {
    public let status: Int
    public let message: String

    public init(status: Int = 400, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}
