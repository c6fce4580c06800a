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
    /// SHA-256 of each token → officer: the tokens themselves are not kept once read.
    let roleTokenDigests: [String: RoleToken]
    /// Where each secret came from ("environment", "file /run/secrets/…", "development default").
    public let sources: [String: String]

    public init(ossUserKey: String, ossCredentials: OSSCredentials, siinasToken: String, siinasSigningSecret: String,
                siproKey: String, roleTokens: [String: RoleToken], sources: [String: String] = [:]) {
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

    public var description: String {
        "Secrets(" + sources.sorted { $0.key < $1.key }.map { "\($0.key) from \($0.value)" }.joined(separator: ", ") + ")"
    }

    public var customMirror: Mirror { Mirror(self, children: ["sources": sources]) }

    // MARK: Resolving

    /// Reads each secret from `GERBANG_<NAME>` or the file `GERBANG_<NAME>_FILE` names.
    ///
    /// A secret given neither way takes its development default only when
    /// `settings.developmentSecrets` allows it and every system is on
    /// loopback (the mocks); otherwise the error says which variable to set.
    /// Development role tokens are `dev-<role>` for each role of the SOPs.
    public static func resolve(
        settings: GatewaySettings, roles: [String], environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SettingsError) -> Secrets {
        var sources: [String: String] = [:]
        let mayUseDefaults = settings.developmentSecrets && settings.everySystemOnLoopback

        func secret(_ name: String, development: String?) throws(SettingsError) -> String {
            let variable = "GERBANG_" + name
            if let value = environment[variable], !value.isEmpty {
                sources[name] = "environment"
                return value
            }
            if let path = environment[variable + "_FILE"], !path.isEmpty {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw SettingsError(file: variable + "_FILE", field: nil, message: "names \(path), which cannot be read")
                }
                sources[name] = "file \(path)"
                return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard mayUseDefaults, let development else {
                let why = settings.developmentSecrets
                    ? "development secrets are only for systems on loopback (the mocks)"
                    : "developmentSecrets is off in the settings"
                throw SettingsError(file: variable, field: nil, message: "is not set (nor \(variable)_FILE) and \(why): set it")
            }
            sources[name] = "development default"
            return development
        }

        let tokensText = try secret("ROLE_TOKENS", development: "")
        var tokens: [String: RoleToken] = [:]
        if tokensText.isEmpty {
            // The admin role runs the daemon (pause, replay, tokens); the others are the SOPs' roles.
            for role in Set(roles + [OfficerAuthenticator.adminRole]) { tokens["dev-\(role)"] = RoleToken(officer: "dev-\(role)", roles: [role]) }
        } else {
            do {
                tokens = try JSONDecoder().decode([String: RoleToken].self, from: Data(tokensText.utf8))
            } catch {
                throw SettingsError(file: "GERBANG_ROLE_TOKENS", field: nil,
                                    message: "must be JSON like {\"<token>\": {\"officer\": \"198001012005011001\", \"roles\": [\"kabid\"]}}")
            }
        }
        return Secrets(
            ossUserKey: try secret("OSS_USER_KEY", development: DevelopmentSecrets.ossUserKey),
            ossCredentials: OSSCredentials(
                username: try secret("OSS_USERNAME", development: DevelopmentSecrets.ossUsername),
                password: try secret("OSS_PASSWORD", development: DevelopmentSecrets.ossPassword)),
            siinasToken: try secret("SIINAS_TOKEN", development: DevelopmentSecrets.siinasToken),
            siinasSigningSecret: try secret("SIINAS_SIGNING_SECRET", development: DevelopmentSecrets.siinasSigningSecret),
            siproKey: try secret("SIPRO_KEY", development: DevelopmentSecrets.siproKey),
            roleTokens: tokens, sources: sources)
    }
}
