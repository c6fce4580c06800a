import Foundation
import GatewayHTTP
import GatewayStore
import NationalSystems

/// Who presents a bearer token. Tokens come from two places: the environment
/// (`GERBANG_ROLE_TOKENS`, or the development `dev-<role>` ones), and the
/// database, where `gerbang token add` puts them hashed and `gerbang token
/// revoke` retires them. Either way only SHA-256 digests are compared, each
/// against every known one in constant time, so the time an answer takes
/// does not tell how close a guess was.
struct OfficerAuthenticator {
    /// The role of whoever runs the daemon: pauses deliveries, replays dead letters, issues tokens.
    /// Not "operator": that is an officer's role in the SOPs (the Dinas's data-entry Operator).
    static let adminRole = "admin"
    /// A read-only role: the status page, the case pages, /metrics and the API's listings, no action.
    /// Every other role may read them too.
    static let viewerRole = "viewer"

    enum Verdict {
        case officer(Secrets.RoleToken)
        /// No Authorization header, or one that is not a bearer token.
        case missing
        case unknown
        case revoked(id: String, at: Date)
    }

    let runtime: GatewayRuntime

    /// The bearer token of a request's Authorization header.
    static func bearer(_ request: HTTPRequest) -> String? {
        guard let header = request.headers["Authorization"], header.hasPrefix("Bearer "), header.count > 7 else { return nil }
        return String(header.dropFirst(7))
    }

    func verdict(token: String?) throws -> Verdict {
        guard let token, !token.isEmpty else { return .missing }
        return try verdict(digest: Digest.sha256Hex(Array(token.utf8)))
    }

    /// The verdict on a token known by its digest (a session keeps only that).
    func verdict(digest: String) throws -> Verdict {
        if let officer = runtime.configuration.secrets.officerByDigest(digest) { return .officer(officer) }
        let stored = try runtime.read { try $0.tokens.list() }
        let active = stored.filter { $0.revokedAt == nil }.map { ($0.tokenSHA256, Secrets.RoleToken(officer: $0.officer, roles: $0.roles)) }
        if let officer = Self.match(digest: digest, among: active) { return .officer(officer) }
        if let revoked = stored.first(where: { $0.revokedAt != nil && Digest.constantTimeEquals($0.tokenSHA256, digest) }),
           let at = revoked.revokedAt {
            return .revoked(id: revoked.id, at: at)
        }
        return .unknown
    }

    /// The officer a request's token belongs to, or a 401 that says what is wrong.
    func officer(_ request: HTTPRequest) throws -> Secrets.RoleToken {
        let officer = try officer(token: Self.bearer(request))
        // The development tokens (dev-<role>) are public: taken only from this machine, never through a proxy, as the pages are.
        if runtime.configuration.secrets.sources["ROLE_TOKENS"] == Secrets.developmentSource,
           request.headers.contains("X-Forwarded-For") || request.headers.contains("Forwarded") {
            throw Self.unauthorized("development tokens (dev-<role>) are public and not taken through a proxy: set GERBANG_ROLE_TOKENS")
        }
        return officer
    }

    func officer(token: String?) throws -> Secrets.RoleToken {
        switch try verdict(token: token) {
        case .officer(let officer):
            return officer
        case .missing:
            throw Self.unauthorized("a role token is required: Authorization: Bearer <token>")
        case .unknown, .revoked:
            // A revoked token is told as an unknown one: the answer names no token id and no time to whoever holds it.
            throw Self.unauthorized("the token is not known: ask an operator for one ('gerbang token add')")
        }
    }

    /// The administrator presenting `token`, or 401/403; a 403 is kept in the sync log.
    func admin(token: String?, action: String) throws -> Secrets.RoleToken {
        try admin(try officer(token: token), action: action)
    }

    /// `officer` when they hold the admin role, or a 403 kept in the sync log.
    func admin(_ officer: Secrets.RoleToken, action: String) throws -> Secrets.RoleToken {
        guard officer.roles.contains(Self.adminRole) else {
            let reason = "\(action) needs a token with the \(Self.adminRole) role; this one is for \(officer.roles.joined(separator: ", "))"
            try runtime.write { unit in
                try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: action, direction: .incoming, messageID: officer.officer,
                                          httpStatus: 403, outcome: "forbidden", error: reason))
            }
            throw HTTPError(.forbidden, reason)
        }
        return officer
    }

    static func unauthorized(_ message: String) -> HTTPError {
        HTTPError(.unauthorized, message, headers: ["WWW-Authenticate": "Bearer"])
    }

    /// The officer whose digest equals `digest`, comparing every candidate so the time does not depend on which matched.
    static func match(digest: String, among known: [(String, Secrets.RoleToken)]) -> Secrets.RoleToken? {
        var found: Secrets.RoleToken?
        for (candidate, officer) in known where Digest.constantTimeEquals(candidate, digest) {
            found = officer
        }
        return found
    }

    /// A new token: 32 random bytes from libcrypto, as hex with a prefix that says what it is.
    static func newToken() throws -> String {
        guard let bytes = Digest.randomBytes(32) else {
            throw HTTPError(.serviceUnavailable, "libcrypto's random generator is not seeded: try again, or check /dev/urandom")
        }
        return "gbt_" + Digest.hex(bytes)
    }
}
