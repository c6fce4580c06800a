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
    /// A letter to DPMPTSP's letter box (SOP 001 step 8).
    public static let dpmptspLetter = OutboundOperation(rawValue: "dpmptsp.letter")
    /// An application's status, its permit number and its pickup at SIPRO (SOP 005).
    public static let siproStatus = OutboundOperation(rawValue: "sipro.status")
    public static let siproPermitNumber = OutboundOperation(rawValue: "sipro.permitNumber")
    public static let siproReadyForPickup = OutboundOperation(rawValue: "sipro.readyForPickup")

    public static let known: [OutboundOperation] = [.ossStatus, .siinasUploadBAP, .dpmptspLetter, .siproStatus, .siproPermitNumber,
                                                    .siproReadyForPickup]

    /// Whether it goes to OSS, which takes files only as links of at most 2 MB.
    var isToOSS: Bool { rawValue.hasPrefix("oss.") }

    public var description: String { rawValue }
}
