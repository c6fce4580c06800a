import Foundation

/// How the agency authenticates to each national system (docs/mocks.md, oss-rba.md §2), and which header
/// fields carry secrets, so that the inbox and logs keep them masked.
public enum SystemCredentials {
    /// The agency's secrets for the systems.
    public struct Keys: Sendable {
        public let ossUserKey: String
        public let siinasToken: String
        public let siproKey: String

        public init(ossUserKey: String, siinasToken: String, siproKey: String) {
            self.ossUserKey = ossUserKey
            self.siinasToken = siinasToken
            self.siproKey = siproKey
        }
    }

    /// The header fields that authenticate the agency to `system`.
    public static func headers(for system: String, _ keys: Keys) -> [(name: String, value: String)] {
        switch system {
        case "oss": [("user_key", keys.ossUserKey)]  // PIA: every agency-to-OSS call
        case "siinas": [("Authorization", "Bearer " + keys.siinasToken)]
        default: [("X-SIPRO-Key", keys.siproKey)]  // SIPRO and DPMPTSP's letter box in it
        }
    }

    /// Header fields, lowercased, that carry a system's secret in either direction: OSS's daily `Token`
    /// and the agency's `user_key`, SIINas's bearer token and push signature, SIPRO's key.
    public static let secretHeaderNames: Set<String> = ["token", "user_key", "authorization", "x-sipro-key", "x-siinas-signature"]
}
