import Foundation

/// Where the gateway sends DPMPTSP its letters: the letter box SIPRO hosts for it (docs/sipro-api.md).
public enum DPMPTSPWire {
    public static let letterBox = "/api/v1/surat-masuk"

    public static func letter(_ letter: DPMPTSPLetter) throws -> OutboundRequest {
        try .post(letterBox, letter)
    }

    /// The letter box's listing: a harmless authenticated read, for a probe.
    public static let listingPath = letterBox
}
