/// The credentials the mocks and a gateway in development share, so that
/// `gerbang mock all` and `gerbang serve` talk to each other with no set-up.
/// For development only: a gateway refuses them for a system that is not on
/// loopback (GatewaySettings), and a real deployment sets its own through
/// the environment.
public enum DevelopmentSecrets {
    /// The `user_key` agencies present to OSS.
    public static let ossUserKey = "gerbang-dev-user-key"
    /// The agency's OSS username and password, from which OSS's daily Token is derived.
    public static let ossUsername = "gerbang-dev"
    public static let ossPassword = "gerbang-dev-password"
    /// The bearer token the agency presents to SIINas.
    public static let siinasToken = "gerbang-dev-siinas-token"
    /// The secret SIINas signs its pushes with.
    public static let siinasSigningSecret = "gerbang-dev-siinas-secret"
    /// The key the agency presents to SIPRO (X-SIPRO-Key).
    public static let siproKey = "gerbang-dev-sipro-key"
}
