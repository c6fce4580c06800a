import Foundation
import GatewayCore
import NationalSystems

/// The gateway's secrets: credentials for each national system and the
/// officers' role tokens. They come from the environment (`GERBANG_OSS_USER_KEY`)
/// or from a file named by the environment (`GERBANG_OSS_USER_KEY_FILE`, as
/// container secrets are mounted), never from gerbang.json, and never reach a
/// log: printing a `Secrets` shows only where each came from (DESIGN.md rule 9).
public struct Secrets: Sendable, CustomStringConvertible, CustomReflectable {
    /// An officer's token: who they are and the roles they act in.
    public struct RoleToken: Sendable, Codable, Equatable {
        public let officer: String
        public let roles: [String]

        public init(officer: String, roles: [String]) {
            self.officer = officer
            self.roles = roles
        }
    }

    public let ossUserKey: String
    public let ossCredentials: OSSCredentials
    public let siinasToken: String
    public let siinasSigningSecret: String
    public let siproKey: String
    /// The key officers' session cookies are kept under (HMAC-SHA256): `GERBANG_SESSION_KEY`, or one drawn at this
    /// process's start when none is given (logins then last until a restart).
    public let sessionKey: String
    /// SHA-256 of each token → officer: the tokens themselves are not kept once read.
    let roleTokenDigests: [String: RoleToken]
    /// Where each secret came from ("environment", "file /run/secrets/…", "development default").
    public let sources: [String: String]

    public init(ossUserKey: String, ossCredentials: OSSCredentials, siinasToken: String, siinasSigningSecret: String,
                siproKey: String, roleTokens: [String: RoleToken], sessionKey: String = Secrets.processSessionKey, sources: [String: String] = [:]) {
        self.sessionKey = sessionKey
        self.ossUserKey = ossUserKey
        self.ossCredentials = ossCredentials
        self.siinasToken = siinasToken
        self.siinasSigningSecret = siinasSigningSecret
        self.siproKey = siproKey
        roleTokenDigests = Dictionary(roleTokens.map { (Digest.sha256Hex(Array($0.key.utf8)), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.sources = sources
    }

    /// The officer a bearer token from the environment belongs to (tokens added
    /// with `gerbang token add` are in the database: see ``OfficerAuthenticator``).
    public func officer(presenting token: String) -> RoleToken? {
        officerByDigest(Digest.sha256Hex(Array(token.utf8)))
    }

    func officerByDigest(_ digest: String) -> RoleToken? {
        OfficerAuthenticator.match(digest: digest, among: roleTokenDigests.map { ($0.key, $0.value) })
    }

    /// Where the secrets came from, for the start's log line: "all from the development defaults", or each
    /// source with the secrets it gave ("environment: OSS_USER_KEY, OSS_USERNAME; file /run/…: SIPRO_KEY").
    public var summary: String {
        let bySource = Dictionary(grouping: sources.keys.sorted(), by: { sources[$0] ?? "?" })
        if bySource.count == 1, let only = bySource.keys.first { return "all \(sources.count) from \(only)" }
        return bySource.keys.sorted().map { "\($0): \(bySource[$0]!.joined(separator: ", "))" }.joined(separator: "; ")
    }

    public var description: String {
        "Secrets(" + sources.sorted { $0.key < $1.key }.map { "\($0.key) from \($0.value)" }.joined(separator: ", ") + ")"
    }

    public var customMirror: Mirror { Mirror(self, children: ["sources": sources]) }

    // MARK: Resolving

    /// The variables the secrets come from, in the order an error lists them.
    public static let variables = ["GERBANG_OSS_USER_KEY", "GERBANG_OSS_USERNAME", "GERBANG_OSS_PASSWORD", "GERBANG_SIINAS_TOKEN",
                                   "GERBANG_SIINAS_SIGNING_SECRET", "GERBANG_SIPRO_KEY", "GERBANG_ROLE_TOKENS"]
    /// Secrets the gateway does without: a session key drawn at each start when none is given.
    public static let optionalVariables = ["GERBANG_SESSION_KEY"]

    /// What ``sources`` says of a secret that took its public development value.
    public static let developmentSource = "development default"

    /// The shortest role token accepted off loopback: shorter ones can be guessed.
    static let minimumTokenLength = 32

    /// The session key of a gateway given none: random, drawn once per process, so a reload keeps logins.
    public static let processSessionKey: String = Digest.hex(Digest.randomBytes(32) ?? Array(UUID().uuidString.utf8))

    /// How a session cookie is kept in the database: HMAC-SHA256 under ``sessionKey``, so the table alone,
    /// or a backup of it, opens no session. Nil when libcrypto fails (no session is then found: fail closed).
    public func sessionDigest(_ cookie: String) -> String? {
        Digest.hmacSHA256Hex(key: sessionKey, message: Array(cookie.utf8))
    }

    /// Reads each secret from `GERBANG_<NAME>` or the file `GERBANG_<NAME>_FILE` names.
    ///
    /// A secret given neither way takes its development default only when
    /// ``GatewaySettings/developmentSecretsRefusal`` has no objection: the gateway
    /// listens on loopback and every system is on loopback (the mocks). Otherwise
    /// the error names every variable to set, and a secret set to a development
    /// value is refused as well: those values are public in the repository.
    /// Development role tokens are `dev-<role>` for each role of the SOPs.
    public static func resolve(
        settings: GatewaySettings, roles: [String], environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SettingsError) -> Secrets {
        var sources: [String: String] = [:]
        let refusal = settings.developmentSecretsRefusal
        var missing: [String] = []
        var publicValues: [String] = []

        func secret(_ name: String, development: String) throws(SettingsError) -> String {
            let variable = "GERBANG_" + name
            var given: String?
            if let value = environment[variable], !value.isEmpty {
                sources[name] = "environment"
                given = value
            } else if let path = environment[variable + "_FILE"], !path.isEmpty {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw SettingsError(file: variable + "_FILE", field: nil, message: "names \(path), which cannot be read")
                }
                sources[name] = "file \(path)"
                given = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if let given {
                if refusal != nil, !development.isEmpty, given == development { publicValues.append(variable) }
                return given
            }
            guard refusal == nil else {
                missing.append(variable)
                return ""
            }
            sources[name] = developmentSource
            return development
        }

        let ossUserKey = try secret("OSS_USER_KEY", development: DevelopmentSecrets.ossUserKey)
        let ossUsername = try secret("OSS_USERNAME", development: DevelopmentSecrets.ossUsername)
        let ossPassword = try secret("OSS_PASSWORD", development: DevelopmentSecrets.ossPassword)
        let siinasToken = try secret("SIINAS_TOKEN", development: DevelopmentSecrets.siinasToken)
        let siinasSigningSecret = try secret("SIINAS_SIGNING_SECRET", development: DevelopmentSecrets.siinasSigningSecret)
        let siproKey = try secret("SIPRO_KEY", development: DevelopmentSecrets.siproKey)
        let tokensText = try secret("ROLE_TOKENS", development: "")
        var sessionKey = environment["GERBANG_SESSION_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        if sessionKey == nil, let path = environment["GERBANG_SESSION_KEY_FILE"], !path.isEmpty {
            // Named but not read is an error, as for every other secret: never a silent fallback to a key drawn at start.
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SettingsError(file: "GERBANG_SESSION_KEY_FILE", field: nil, message: "names \(path), which cannot be read")
            }
            let key = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else { throw SettingsError(file: "GERBANG_SESSION_KEY_FILE", field: nil, message: "names \(path), which is empty") }
            sessionKey = key
        }
        if let refusal {
            // Off loopback, a secret others are checked by must not be guessable: 256 bits, as openssl rand -hex 32 gives.
            let weak = [("GERBANG_SIINAS_SIGNING_SECRET", siinasSigningSecret as String?), ("GERBANG_SESSION_KEY", sessionKey)]
                .compactMap { name, value -> String? in
                    guard let value, !value.isEmpty, !publicValues.contains(name) else { return nil }
                    let bits = SecretStrength.estimatedBits(value)
                    return bits < SecretStrength.requiredBits ? "\(name) holds about \(bits) bits of randomness" : nil
                }
            if !weak.isEmpty {
                throw SettingsError(file: "secrets", field: nil, message: weak.joined(separator: "; ") + ", and \(refusal): give each at least "
                    + "\(SecretStrength.requiredBits) bits (openssl rand -hex 32)")
            }
        }
        if let refusal, !missing.isEmpty || !publicValues.isEmpty {
            let parts = [
                missing.isEmpty ? nil : "set \(missing.joined(separator: ", ")) (each also as <NAME>_FILE naming a file)",
                publicValues.isEmpty ? nil : "\(publicValues.joined(separator: ", ")) \(publicValues.count == 1 ? "holds its" : "hold their") public development value: set a real one",
            ].compactMap { $0 }
            throw SettingsError(file: "secrets", field: nil, message: "development secrets are public and only for a gateway on loopback "
                + "talking to the mocks, but \(refusal): \(parts.joined(separator: "; "))")
        }

        var tokens: [String: RoleToken] = [:]
        if tokensText.isEmpty {
            // The admin role runs the daemon (pause, replay, tokens); viewer reads the pages; the others are the SOPs' roles.
            for role in Set(roles + [OfficerAuthenticator.adminRole, OfficerAuthenticator.viewerRole]) {
                tokens["dev-\(role)"] = RoleToken(officer: "dev-\(role)", roles: [role])
            }
        } else {
            do {
                tokens = try JSONDecoder().decode([String: RoleToken].self, from: Data(tokensText.utf8))
            } catch {
                throw SettingsError(file: "GERBANG_ROLE_TOKENS", field: nil,
                                    message: "must be JSON like {\"<token>\": {\"officer\": \"198001012005011001\", \"roles\": [\"kabid\"]}}")
            }
            if let refusal {
                // Off loopback a token must not be one anybody with the repository knows, nor short enough to guess.
                let weak = tokens.filter { $0.key.hasPrefix("dev-") || $0.key.count < minimumTokenLength }.map(\.value.officer).sorted()
                guard weak.isEmpty else {
                    throw SettingsError(file: "GERBANG_ROLE_TOKENS", field: nil, message: "the tokens of \(weak.joined(separator: ", ")) are development "
                        + "tokens (dev-…) or shorter than \(minimumTokenLength) characters, and \(refusal): give each a long random token "
                        + "(openssl rand -hex 32)")
                }
            }
        }
        return Secrets(
            ossUserKey: ossUserKey, ossCredentials: OSSCredentials(username: ossUsername, password: ossPassword),
            siinasToken: siinasToken, siinasSigningSecret: siinasSigningSecret, siproKey: siproKey,
            roleTokens: tokens, sessionKey: sessionKey ?? processSessionKey, sources: sources)
    }
}
