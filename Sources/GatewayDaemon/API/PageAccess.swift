import Foundation
import GatewayHTTP
import GatewayStore
import NationalSystems

/// Who may read what operators look at (the status page, case pages,
/// /metrics, /api/health, the detail of /readyz), and how a browser logs in.
///
/// A request comes in with a bearer token of any role (scrapers, scripts) or
/// with the session cookie a login set (browsers). Without either, the pages
/// are open only while the gateway listens on loopback with no reverse proxy
/// in front and `statusPage.openOnLoopback` allows it: an exposed gateway
/// needs a login on every page, whatever the settings say (DESIGN.md rule
/// 10). What applicants and officers wrote is on these pages, so nobody else
/// may read them.
struct PageAccess {
    /// Who is looking.
    struct Viewer {
        /// The officer, or nil on an open page nobody logged in to.
        let officer: Secrets.RoleToken?
        /// The session's cookie, when they came by one: the key of their forms' CSRF token.
        let session: String?

        static let anonymous = Viewer(officer: nil, session: nil)

        var csrfToken: String? { session.flatMap(PageAccess.csrfToken) }
        var isAdmin: Bool { officer?.roles.contains(OfficerAuthenticator.adminRole) == true }
    }

    /// What a request without credentials gets: a browser is sent to the login form, a program gets 401.
    enum Kind {
        case page
        case data
    }

    /// The session cookie's name.
    static let cookie = "gerbang_sesi"
    /// The login form's own cookie: a nonce whose HMAC the form carries, so a login can only be posted from a form
    /// this gateway gave this browser (another site cannot read the cookie, and SameSite keeps it from its posts).
    static let loginCookie = "gerbang_masuk"

    let runtime: GatewayRuntime
    let authenticator: OfficerAuthenticator

    init(runtime: GatewayRuntime) {
        self.runtime = runtime
        authenticator = OfficerAuthenticator(runtime: runtime)
    }

    /// Whether `request` may see the pages without a login: only while the gateway is not exposed
    /// (it listens on loopback and no proxy is listed), `statusPage.openOnLoopback` allows it, and the
    /// request shows no sign of having come through a proxy from the network.
    func isOpen(to request: HTTPRequest) -> Bool {
        let settings = runtime.configuration.settings
        return settings.statusPage.openOnLoopback && !settings.isExposed
            && !request.headers.contains("X-Forwarded-For") && !request.headers.contains("Forwarded")
    }

    /// Who makes the request, or the refusal: 401 for a wrong token, and without credentials
    /// (on a page that is not open) a redirect to the login form or a 401.
    func viewer(_ request: HTTPRequest, kind: Kind) throws -> Viewer {
        if request.headers["Authorization"] != nil {
            return Viewer(officer: try authenticator.officer(request), session: nil)
        }
        if let (officer, session) = try session(request) { return Viewer(officer: officer, session: session) }
        if isOpen(to: request) { return .anonymous }
        switch kind {
        case .page: throw LoginRequired(returningTo: request.target)
        case .data: throw OfficerAuthenticator.unauthorized("a token is required: Authorization: Bearer <token> (a viewer's is enough)")
        }
    }

    /// The officer and cookie of the live session a request carries, or nil. The token the session was
    /// opened with must still be good: revoked, or gone from GERBANG_ROLE_TOKENS, its sessions end with it.
    func session(_ request: HTTPRequest) throws -> (Secrets.RoleToken, String)? {
        guard let session = Self.cookies(request)[Self.cookie], !session.isEmpty else { return nil }
        guard let digest = runtime.configuration.secrets.sessionDigest(session),
              let record = try runtime.read({ try $0.sessions.find(digest) }), record.isLive(at: runtime.clock.now()),
              case .officer(let officer) = try authenticator.verdict(digest: record.tokenSHA256)
        else { return nil }
        return (officer, session)
    }

    /// Opens a session for whoever holds `token` and returns its Set-Cookie value; a wrong token is a 401.
    func login(token: String, origin: RequestOrigin) throws -> String {
        let officer = try authenticator.officer(token: token)
        guard let bytes = Digest.randomBytes(32) else {
            throw HTTPError(.serviceUnavailable, "libcrypto's random generator is not seeded: try again, or check /dev/urandom")
        }
        let session = "gbs_" + Digest.hex(bytes)
        guard let digest = runtime.configuration.secrets.sessionDigest(session) else {
            throw HTTPError(.serviceUnavailable, "libcrypto could not compute the session's HMAC: try again")
        }
        let minutes = runtime.configuration.settings.statusPage.sessionMinutes
        try runtime.write { unit in
            try unit.database.sessions.purge(before: unit.now)
            try unit.database.sessions.add(SessionStore.Record(
                idSHA256: digest, tokenSHA256: Digest.sha256Hex(Array(token.utf8)), officer: officer.officer,
                roles: officer.roles, createdAt: unit.now, expiresAt: unit.now.addingTimeInterval(Double(minutes * 60))))
            try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "session.login", direction: .incoming, messageID: officer.officer,
                                      outcome: "accepted", error: "from \(origin.client) for \(minutes) minutes"))
        }
        return Self.setCookie(session, maxAge: minutes * 60, secure: origin.overTLS)
    }

    /// Ends the request's session, if it has one, and returns the Set-Cookie value that clears the cookie.
    func logout(_ request: HTTPRequest, origin: RequestOrigin) throws -> String {
        if let session = Self.cookies(request)[Self.cookie], !session.isEmpty, let digest = runtime.configuration.secrets.sessionDigest(session) {
            try runtime.write { unit in
                if try unit.database.sessions.end(digest, at: unit.now) {
                    try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "session.logout", direction: .incoming,
                                              outcome: "accepted", error: "from \(origin.client)"))
                }
            }
        }
        return Self.setCookie("", maxAge: 0, secure: origin.overTLS)
    }

    /// A new login form's nonce, and the Set-Cookie that gives it to the browser for half an hour.
    static func loginNonce(secure: Bool) -> (nonce: String, setCookie: String)? {
        guard let bytes = Digest.randomBytes(16) else { return nil }
        let nonce = Digest.hex(bytes)
        return (nonce, "\(loginCookie)=\(nonce); Path=/masuk; Max-Age=1800; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""))
    }

    /// The login form's CSRF field for `nonce`: HMAC-SHA256 under the session key, so that whoever could plant a
    /// cookie of their own choosing (a sibling subdomain) still cannot make the field that goes with it.
    static func loginFormToken(nonce: String, secrets: Secrets) -> String? {
        Digest.hmacSHA256Hex(key: secrets.sessionKey, message: Array("gerbang-masuk:\(nonce)".utf8))
    }

    /// Whether a posted login form is one this gateway gave the browser that posts it.
    static func loginFormMatches(_ request: HTTPRequest, csrf: String?, secrets: Secrets) -> Bool {
        guard let nonce = cookies(request)[loginCookie], !nonce.isEmpty, let csrf,
              let expected = loginFormToken(nonce: nonce, secrets: secrets) else { return false }
        return Digest.constantTimeEquals(csrf, expected)
    }

    /// HttpOnly keeps it from scripts, SameSite=Strict from other sites' requests (RFC 6265bis §4.1.2.7),
    /// Secure from plain HTTP once the client came over TLS.
    static func setCookie(_ value: String, maxAge: Int, secure: Bool) -> String {
        "\(cookie)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// The token a session's forms carry (the replay button, logout): HMAC-SHA256 of a fixed label under
    /// the session's cookie. It needs no storage, differs per session, and another site cannot make it
    /// without the cookie, which it cannot read.
    static func csrfToken(session: String) -> String? {
        Digest.hmacSHA256Hex(key: session, message: Array("gerbang-csrf".utf8))
    }

    static func csrfMatches(_ given: String?, session: String) -> Bool {
        guard let given, let expected = csrfToken(session: session) else { return false }
        return Digest.constantTimeEquals(given, expected)
    }

    /// The request's cookies (RFC 6265 §5.4: "name=value; name2=value2"); the first of a name wins.
    static func cookies(_ request: HTTPRequest) -> [String: String] {
        var found: [String: String] = [:]
        for header in request.headers.values("Cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, found[parts[0]] == nil else { continue }
                found[parts[0]] = parts[1]
            }
        }
        return found
    }
}

/// A page asked for without a login: the browser goes to the login form, which sends it back here.
struct LoginRequired: HTTPResponseError {
    let returningTo: String

    var status: HTTPStatus { .seeOther }
    var message: String { "a login is required: /masuk" }
    var headers: HTTPHeaders { ["Location": "/masuk?lanjut=" + returningTo.percentEncodedSegment, "Cache-Control": "no-store"] }

    /// Where a login may send the browser back to: a path on this gateway, never another site
    /// ("//evil.example" and "/\evil.example" are other sites to a browser).
    static func safeReturn(_ target: String?) -> String {
        guard let target, target.hasPrefix("/"), !target.hasPrefix("//"), !target.contains("\\"),
              !target.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return "/" }
        return target
    }
}
