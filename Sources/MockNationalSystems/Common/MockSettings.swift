import NationalSystems

/// How a mock behaves towards the gateway: where it pushes, and the
/// credentials each side uses. The defaults are for development only;
/// `GET /__admin/config` shows them with secrets masked.
public struct MockSettings: Sendable, Codable, Equatable {
    /// The gateway's base URL, where OSS and SIINas push (for example http://127.0.0.1:8080).
    public var agencyURL: String?
    /// The `user_key` agencies present to OSS.
    public var ossUserKey = DevelopmentSecrets.ossUserKey
    /// The agency's OSS credentials, from which the daily Token is derived.
    public var ossUsername = DevelopmentSecrets.ossUsername
    public var ossPassword = DevelopmentSecrets.ossPassword
    /// OSS pushes receiveFileDS by itself after receiveLicense, as it does once it has signed.
    public var autoFileDS = false
    /// The bearer token the agency presents to SIINas.
    public var siinasToken = DevelopmentSecrets.siinasToken
    /// The secret SIINas signs its pushes with.
    public var siinasSigningSecret = DevelopmentSecrets.siinasSigningSecret
    /// Where SIINas reports results to OSS (the mock OSS), and the user_key it uses.
    public var ossURL: String?
    /// The kd_instansi SIINas reports under: a placeholder, Kemenperin's real code is not published.
    public var siinasInstansiCode = "999"
    /// The NIP of the Kemenperin officer SIINas reports under (nip_status): a placeholder of a NIP's 18 digits.
    public var siinasOfficerNIP = "198001012006041001"
    /// The key the agency presents to SIPRO (X-SIPRO-Key).
    public var siproKey = DevelopmentSecrets.siproKey
    /// What the agency holding the user_key may tell OSS: a technical agency's 45/93/12, or a licensing
    /// authority's 49/50/52/90. Any other code is answered 403, as OSS answers an illegal access.
    public var agencyAuthority: OSSAuthority = .technical
    /// Whether the mock answers a repeated `Idempotency-Key` from memory. Off, a repeat is done again, as the
    /// real OSS does (it defines no idempotency, oss-rba.md §1.9): what the chaos run uses for OSS.
    public var idempotencyMemory = true

    public init() {}

    /// The settings with every secret replaced by "***".
    public var masked: MockSettings {
        var copy = self
        copy.ossUserKey = "***"
        copy.ossPassword = "***"
        copy.siinasToken = "***"
        copy.siinasSigningSecret = "***"
        copy.siproKey = "***"
        return copy
    }
}
