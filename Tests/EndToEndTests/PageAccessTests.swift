import Foundation
import GatewayCore
import GatewayDemo
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import NationalSystems
import Testing

/// Who may read the pages, proven on a loopback gateway whose pages are closed
/// (`statusPage.openOnLoopback` false): the same rules a gateway off loopback
/// follows whatever its settings say, without listening on a network address.
@Suite struct PageAccessTests {
    static let closed = ["GERBANG_STATUS_PAGE_OPEN_ON_LOOPBACK": "false"]

    /// A browser's or a script's request to the fixture's gateway. A login (`POST /masuk`) is posted as a browser
    /// posts it: from the form it opened first, with the form's cookie and CSRF field.
    static func send(_ fixture: RigFixture, _ path: String, method: HTTPMethod = .get, form: String? = nil,
                     headers: HTTPHeaders = [:]) throws -> ClientResponse {
        var fields = headers
        var form = form
        if method == .post, path == "/masuk", let given = form {
            let opened = try fixture.rig.loginForm(headers: headers)
            fields.add("Cookie", opened.cookie)
            form = given + "&csrf=" + opened.csrf
        }
        if form != nil { fields.set("Content-Type", "application/x-www-form-urlencoded") }
        return try fixture.rig.client.send(ClientRequest(method: method, url: fixture.rig.gateway.url + path, headers: fields,
                                                         body: Array((form ?? "").utf8)))
    }

    /// Logs in with `token` and returns the session cookie as a browser sends it back ("gerbang_sesi=gbs_…").
    static func login(_ fixture: RigFixture, token: String, headers: HTTPHeaders = [:]) throws -> String {
        let response = try send(fixture, "/masuk", method: .post, form: "token=\(token.percentEncodedSegment)&lanjut=%2F", headers: headers)
        #expect(response.status == .seeOther)
        let setCookie = try #require(response.headers["Set-Cookie"])
        return String(setCookie.prefix { $0 != ";" })
    }

    static func text(_ response: ClientResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    /// The hidden CSRF field of a page's form.
    static func csrf(in html: String) throws -> String {
        let marker = "name=\"csrf\" value=\""
        let start = try #require(html.range(of: marker)).upperBound
        return String(html[start...].prefix { $0 != "\"" })
    }

    @Test func withClosedPagesNothingIsShownWithoutALogin() throws {
        let fixture = try RigFixture(overrides: Self.closed)
        let caseID = try OfficerRoutesTests.caseAtKadisStep(fixture)
        let page = try Self.send(fixture, "/")
        #expect(page.status == .seeOther && page.headers["Location"] == "/masuk?lanjut=%2F")
        #expect(!Self.text(page).contains(caseID))
        let casePage = try Self.send(fixture, "/kasus/\(caseID)")
        #expect(casePage.status == .seeOther && casePage.headers["Location"] == "/masuk?lanjut=%2Fkasus%2F\(caseID)")
        let sopPage = try Self.send(fixture, "/sop/rekomendasi-izin-usaha-industri")
        #expect(sopPage.status == .seeOther && sopPage.headers["Location"] == "/masuk?lanjut=%2Fsop%2Frekomendasi-izin-usaha-industri")
        for path in ["/metrics", "/api/health"] {
            let refused = try Self.send(fixture, path)
            #expect(refused.status == .unauthorized && refused.headers["WWW-Authenticate"] == "Bearer", "\(path)")
            #expect(!Self.text(refused).contains("gerbang_") && !Self.text(refused).contains("outboxPending"), "\(path)")
        }
        // Up or down and nothing more for whoever asks.
        #expect(Self.text(try Self.send(fixture, "/readyz")) == #"{"ready":true}"#)
        #expect(Self.text(try Self.send(fixture, "/healthz")) == #"{"status":"ok"}"#)
        let form = try Self.send(fixture, "/masuk")
        #expect(form.status == .ok && Self.text(form).contains("name=\"token\""))
        #expect(form.headers["Content-Security-Policy"]?.contains("frame-ancestors 'none'") == true && form.headers["X-Frame-Options"] == "DENY")
    }

    @Test func aBearerTokenOfAnyRoleReadsThePagesButAViewerActsOnNothing() throws {
        let fixture = try RigFixture(overrides: Self.closed)
        let caseID = try OfficerRoutesTests.caseAtKadisStep(fixture)
        for token in ["dev-viewer", "dev-kabid"] {
            let page = try Self.send(fixture, "/", headers: ["Authorization": "Bearer \(token)"])
            #expect(page.status == .ok && Self.text(page).contains(caseID), "\(token)")
        }
        let metrics = try Self.send(fixture, "/metrics", headers: ["Authorization": "Bearer dev-viewer"])
        #expect(metrics.status == .ok && Self.text(metrics).contains("gerbang_cases"))
        let ready = Self.text(try Self.send(fixture, "/readyz", headers: ["Authorization": "Bearer dev-viewer"]))
        #expect(ready.contains(#""sweep":"ok""#))
        #expect(try Self.send(fixture, "/", headers: ["Authorization": "Bearer salah"]).status == .unauthorized)
        #expect(try OfficerRoutesTests.decide(fixture, caseID, ["step": 3, "answer": "yes"], token: "dev-viewer").status == .forbidden)
        #expect(try fixture.rig.api(.post, "/api/systems/oss/pause", token: "dev-viewer").status == .forbidden)
    }

    @Test func aLoginSetsAStrictHttpOnlyCookieAndTheDatabaseKeepsOnlyItsDigest() throws {
        let key = "kunci-sesi-uji-4b7e1c9a2f6d8e3b5a0c7f1e9d2b4a6c"
        let fixture = try RigFixture(overrides: Self.closed.merging(["GERBANG_SESSION_KEY": key]) { $1 })
        let caseID = try OfficerRoutesTests.caseAtKadisStep(fixture)
        let response = try Self.send(fixture, "/masuk", method: .post, form: "token=dev-viewer&lanjut=%2Fkasus%2F\(caseID)")
        #expect(response.status == .seeOther && response.headers["Location"] == "/kasus/\(caseID)")
        let setCookie = try #require(response.headers["Set-Cookie"])
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"] { #expect(setCookie.contains(attribute), "\(attribute)") }
        #expect(!setCookie.contains("Secure"))  // plain HTTP on loopback: a Secure cookie would never come back
        let cookie = String(setCookie.prefix { $0 != ";" })
        let page = try Self.send(fixture, "/kasus/\(caseID)", headers: ["Cookie": cookie])
        #expect(page.status == .ok && Self.text(page).contains("dev-viewer (viewer)"))

        let value = String(cookie.dropFirst("gerbang_sesi=".count))
        // Kept as HMAC-SHA256 under the session key: the table alone, or a plain hash of a guess, opens nothing.
        let keyed = try #require(Digest.hmacSHA256Hex(key: key, message: Array(value.utf8)))
        #expect(try fixture.read { try $0.sessions.find(keyed) }?.officer == "dev-viewer")
        #expect(try fixture.read { try $0.sessions.find(Digest.sha256Hex(Array(value.utf8))) } == nil)
        let stored = try fixture.folder.url.appendingPathComponent("gerbang.sqlite").path
        for file in [stored, stored + "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
            #expect(bytes.range(of: Data(value.utf8)) == nil, "\(file) holds the session cookie")
        }
    }

    @Test func aWrongTokenIsRefusedAndALoginNeverSendsTheBrowserToAnotherSite() throws {
        let fixture = try RigFixture(overrides: Self.closed)
        let wrong = try Self.send(fixture, "/masuk", method: .post, form: "token=salah&lanjut=%2F")
        #expect(wrong.status == .unauthorized && wrong.headers["Set-Cookie"]?.hasPrefix("gerbang_sesi") != true)
        #expect(Self.text(wrong).contains("Token tidak dikenal"))
        for next in ["%2F%2Fevil.example%2F", "https%3A%2F%2Fevil.example", "%2F%5Cevil.example"] {
            let response = try Self.send(fixture, "/masuk", method: .post, form: "token=dev-viewer&lanjut=\(next)")
            #expect(response.headers["Location"] == "/", "\(next)")
        }
    }

    @Test func aLoginIsTakenOnlyFromAFormThisGatewayGaveThisBrowser() throws {
        let fixture = try RigFixture(overrides: Self.closed)
        func post(_ form: String, cookie: String?) throws -> ClientResponse {
            var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
            if let cookie { headers.set("Cookie", cookie) }
            return try fixture.rig.client.send(ClientRequest(method: .post, url: fixture.rig.gateway.url + "/masuk", headers: headers,
                                                             body: Array(form.utf8)))
        }
        // Another site's form: no cookie of ours, or a field it made up.
        let crossSite = try post("token=dev-viewer&lanjut=%2F", cookie: nil)
        #expect(crossSite.status == .forbidden && crossSite.headers["Set-Cookie"]?.hasPrefix("gerbang_sesi") != true)
        #expect(Self.text(crossSite).contains("Formulir masuk kedaluwarsa"))
        let opened = try fixture.rig.loginForm()
        #expect(try post("token=dev-viewer&csrf=" + String(repeating: "0", count: 64), cookie: opened.cookie).status == .forbidden)
        let another = try fixture.rig.loginForm()
        #expect(try post("token=dev-viewer&csrf=\(another.csrf)", cookie: opened.cookie).status == .forbidden)  // another form's field
        let done = try post("token=dev-viewer&csrf=\(opened.csrf)", cookie: opened.cookie)
        #expect(done.status == .seeOther && done.headers["Set-Cookie"]?.hasPrefix("gerbang_sesi=gbs_") == true)
        let formCookie = try #require(try Self.send(fixture, "/masuk").headers["Set-Cookie"])
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/masuk"] { #expect(formCookie.contains(attribute), "\(attribute)") }
    }

    @Test func logoutNeedsTheSessionsCSRFTokenAndEndsTheSession() throws {
        let fixture = try RigFixture(overrides: Self.closed)
        let cookie = try Self.login(fixture, token: "dev-viewer")
        let page = Self.text(try Self.send(fixture, "/", headers: ["Cookie": cookie]))
        let csrf = try Self.csrf(in: page)
        // Another site's form posts the cookie along (were SameSite not there) but cannot know the token.
        #expect(try Self.send(fixture, "/keluar", method: .post, form: "csrf=forged", headers: ["Cookie": cookie]).status == .forbidden)
        #expect(try Self.send(fixture, "/", headers: ["Cookie": cookie]).status == .ok)
        let out = try Self.send(fixture, "/keluar", method: .post, form: "csrf=\(csrf)", headers: ["Cookie": cookie])
        #expect(out.status == .seeOther && out.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
        #expect(try Self.send(fixture, "/", headers: ["Cookie": cookie]).status == .seeOther)
    }

    @Test func revokingATokenEndsTheSessionsOpenedWithIt() throws {
        let fixture = try RigFixture(overrides: Self.closed)
        let issued = try JSONValue.decode(Data(fixture.rig.api(.post, "/api/tokens", body: Array(#"{"officer": "199001012015011001", "roles": ["viewer"]}"#.utf8))
            .requireSuccess().body))
        let token = try #require(issued.field("token")?.text), id = try #require(issued.field("details")?.field("id")?.text)
        let cookie = try Self.login(fixture, token: token)
        #expect(try Self.send(fixture, "/", headers: ["Cookie": cookie]).status == .ok)
        _ = try fixture.rig.api(.post, "/api/tokens/\(id)/revoke").requireSuccess()
        #expect(try Self.send(fixture, "/", headers: ["Cookie": cookie]).status == .seeOther)
        #expect(try fixture.read { try $0.sessions.liveCount(at: Date()) } == 0)
    }

    @Test func aSessionEndsWhenItsTimeIsUp() throws {
        let clock = SteppedClock(Date())
        let fixture = try RigFixture(overrides: Self.closed.merging(["GERBANG_STATUS_PAGE_SESSION_MINUTES": "30"]) { $1 }, services: false,
                                     clock: clock)
        let cookie = try Self.login(fixture, token: "dev-viewer")
        clock.advance(29 * 60)
        #expect(try Self.send(fixture, "/", headers: ["Cookie": cookie]).status == .ok)
        clock.advance(2 * 60)
        #expect(try Self.send(fixture, "/", headers: ["Cookie": cookie]).status == .seeOther)
    }

    @Test func theReplayButtonOfALoggedInAdministratorCarriesTheSessionsCSRFToken() throws {
        let fixture = try RigFixture(overrides: Self.closed)
        let id = try OutboundTests.deadBAPUpload(fixture)
        let viewer = try Self.login(fixture, token: "dev-viewer")
        let viewerPage = Self.text(try Self.send(fixture, "/", headers: ["Cookie": viewer]))
        #expect(viewerPage.contains("data-dead=\"\(id)\"") && viewerPage.contains("hanya admin"))
        let viewerCSRF = try Self.csrf(in: viewerPage)  // the logout form's
        let form = "id=\(id.percentEncodedSegment)"
        #expect(try Self.send(fixture, "/status/kirim-ulang", method: .post, form: form + "&csrf=\(viewerCSRF)", headers: ["Cookie": viewer]).status == .forbidden)

        let admin = try Self.login(fixture, token: "dev-admin")
        let adminPage = Self.text(try Self.send(fixture, "/", headers: ["Cookie": admin]))
        #expect(!adminPage.contains("placeholder=\"token admin\""))
        #expect(try Self.send(fixture, "/status/kirim-ulang", method: .post, form: form, headers: ["Cookie": admin]).status == .forbidden)
        #expect(try Self.send(fixture, "/status/kirim-ulang", method: .post, form: form + "&csrf=\(viewerCSRF)", headers: ["Cookie": admin]).status == .forbidden)
        #expect(try fixture.read { try $0.outbox.message(id) }?.state == .dead)
        let done = try Self.send(fixture, "/status/kirim-ulang", method: .post, form: form + "&csrf=\(try Self.csrf(in: adminPage))", headers: ["Cookie": admin])
        #expect(done.status == .seeOther)
        #expect(Eventually.holds { (try? fixture.read { try $0.outbox.message(id) })??.state == .delivered })
    }

    @Test func behindATrustedTLSProxyTheCookieIsSecureAndAForgedHeaderChangesNothing() throws {
        let proxied = try RigFixture(overrides: RigFixture.behindAProxy, services: false)
        let secure = try Self.send(proxied, "/masuk", method: .post, form: "token=\(RigFixture.viewerToken)",
                                   headers: ["X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.4"])
        #expect(secure.headers["Set-Cookie"]?.hasSuffix("; Secure") == true)
        let logged = try proxied.read { try $0.syncLog.list(.init(system: "gateway")) }.filter { $0.method == "session.login" }
        #expect(logged.count == 1 && logged.first?.error?.contains("from 198.51.100.4") == true)
        let direct = try RigFixture(overrides: Self.closed, services: false)
        let forged = try Self.send(direct, "/masuk", method: .post, form: "token=dev-viewer",
                                   headers: ["X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.4"])
        #expect(forged.headers["Set-Cookie"]?.contains("Secure") == false)
        let directLogins = try direct.read { try $0.syncLog.list(.init(system: "gateway")) }.filter { $0.method == "session.login" }
        #expect(directLogins.first?.error?.contains("from 127.0.0.1") == true)
    }

    @Test func aGatewayBehindAProxyNeedsALoginOnEveryPageWhateverOpenOnLoopbackSays() throws {
        let proxied = try RigFixture(overrides: RigFixture.behindAProxy, services: false)
        #expect(try Self.send(proxied, "/").status == .seeOther)
        #expect(try Self.send(proxied, "/metrics").status == .unauthorized)
        // An open development gateway still closes to a request that came through a proxy from the network.
        let open = try RigFixture(services: false)
        #expect(try Self.send(open, "/").status == .ok)
        #expect(try Self.send(open, "/", headers: ["X-Forwarded-For": "203.0.113.9"]).status == .seeOther)
    }
}

/// A clock a test moves by hand.
final class SteppedClock: TimeSource {
    private let instant: Locked<Date>

    init(_ start: Date) {
        instant = Locked(start)
    }

    func now() -> Date { instant.withLock { $0 } }

    func advance(_ seconds: TimeInterval) {
        instant.withLock { $0 += seconds }
    }
}
