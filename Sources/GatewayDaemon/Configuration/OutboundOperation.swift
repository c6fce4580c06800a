import Foundation

/// What an SOP's outbound message becomes at a national system (routing.json `operation`), named as
/// FlyingFox names HTTP methods: an open set of known values, each a static member, kept as the text the
/// configuration writes, so an unknown one can still be read and refused by name.
public struct OutboundOperation: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The case's outcome in the code the agency's authority sends OSS (receiveLicense or receiveLicenseStatus).
    public static let ossStatus = OutboundOperation(rawValue: "oss.status")
    /// The BAP of a technical verification to SIINas (SOP 002 step 16).
    public static let siinasUploadBAP = OutboundOperation(rawValue: "siinas.uploadBAP")
    /// A request returned to its applicant through SIINas, with the officer's reason (SOP 000 step 5).
    public static let siinasReturnToApplicant = OutboundOperation(rawValue: "siinas.returnToApplicant")
    /// A request closed at SIINas before the agency decided, with the reason (a withdrawal of SOP 000 or 002).
    public static let siinasClose = OutboundOperation(rawValue: "siinas.close")
    /// A letter to DPMPTSP's letter box (SOP 001 step 8).
    public static let dpmptspLetter = OutboundOperation(rawValue: "dpmptsp.letter")
    /// An application's status, its permit number and its pickup at SIPRO (SOP 005).
    public static let siproStatus = OutboundOperation(rawValue: "sipro.status")
    public static let siproPermitNumber = OutboundOperation(rawValue: "sipro.permitNumber")
    public static let siproReadyForPickup = OutboundOperation(rawValue: "sipro.readyForPickup")

    public static let known: [OutboundOperation] = [.ossStatus, .siinasUploadBAP, .siinasReturnToApplicant, .siinasClose, .dpmptspLetter, .siproStatus, .siproPermitNumber,
                                                    .siproReadyForPickup]

    /// Whether it goes to OSS, which takes files only as links of at most 2 MB.
    var isToOSS: Bool { rawValue.hasPrefix("oss.") }

    /// The system a document the operation carries goes to, and the largest file it takes; nil for an operation
    /// that carries none. OSS: behind a link (PIA receiveLicense, file_lampiran: "Ukuran File Maks: 2MB"); SIINas and
    /// DPMPTSP's letter box take 2 MB as well (docs/siinas-api.md, docs/sipro-api.md).
    var documentReceiver: (name: String, maxBytes: Int)? {
        switch self {
        case .ossStatus: ("OSS", 2 * 1024 * 1024)
        case .siinasUploadBAP: ("SIINas", 2 * 1024 * 1024)
        case .dpmptspLetter: ("DPMPTSP", 2 * 1024 * 1024)
        default: nil
        }
    }

    public var description: String { rawValue }
}
