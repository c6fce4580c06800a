import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems

/// What operators and monitoring look at: the status page and case pages
/// (HTML), `/metrics` (Prometheus), `/healthz` and `/readyz`, and the login
/// that opens the pages to a browser (``PageAccess``).
extension GatewayRoutes {
    func addStatus(to router: inout Router) {
        let access = PageAccess(runtime: runtime)
        let authenticator = access.authenticator
        let startedAt = runtime.clock.now()
        router.get("/") { [runtime] request in
            let viewer = try access.viewer(request, kind: .page)
            return Self.html(try StatusPage(runtime: runtime).render(query: request.query, viewer: viewer))
        }
        router.get("/kasus/{id}") { [runtime] request in
            let viewer = try access.viewer(request, kind: .page)
            let id = request.pathParameters["id"] ?? ""
            guard let html = try CasePage(runtime: runtime).render(id, viewer: viewer) else {
                return Self.html(Self.notice("Kasus tidak ditemukan", "Tidak ada kasus \(id). Daftar kasus ada di halaman status."), status: .notFound)
            }
            return Self.html(html)
        }
        router.get("/sop/{id}") { [runtime] request in
            let viewer = try access.viewer(request, kind: .page)
            let id = request.pathParameters["id"] ?? ""
            guard let html = try SOPPage(runtime: runtime).render(id, viewer: viewer) else {
                let known = runtime.processor.definitions.keys.sorted().joined(separator: ", ")
                return Self.html(Self.notice("SOP tidak ditemukan", "Tidak ada SOP \(id) yang berlaku. SOP yang ada: \(known)."), status: .notFound)
            }
            return Self.html(html)
        }
        // The dead letters' replay button: a logged-in administrator's form with the session's CSRF token,
        // or a form with an admin token; answered with a redirect back to the page.
        router.post("/status/kirim-ulang") { request in
            let form = Self.form(request.body)
            do {
                let by: Secrets.RoleToken
                if let (officer, session) = try access.session(request) {
                    guard PageAccess.csrfMatches(form["csrf"], session: session) else { throw Self.staleForm }
                    by = try authenticator.admin(officer, action: "outbox.retry")
                } else {
                    by = try authenticator.admin(token: form["token"], action: "outbox.retry")
                }
                let id = form["id"].flatMap { $0.isEmpty ? nil : $0 }
                let replayed = try replay(id, by: by.officer)
                // The page says what happened from numbers and system names it checks, never from text in the address:
                // a link with words of someone else's would otherwise read as the gateway's notice.
                let notice = StatusNotice.replayed(replayed.replayed, released: replayed.released, waitingFor: replayed.waitingForResume)
                return HTTPResponse(status: .seeOther, headers: ["Location": "/?" + notice.query + "#gagal"])
            } catch let error as HTTPError {
                return Self.html(Self.notice("Tidak dapat mengirim ulang", error.message), status: error.status, headers: error.headers)
            }
        }
        addLogin(to: &router, access: access)
        router.get("/metrics") { [runtime] request in
            _ = try access.viewer(request, kind: .data)
            var snapshot = try runtime.read { try MetricsText.Snapshot.read($0) }
            let now = runtime.clock.now()
            snapshot.calendarCoveredUntil = runtime.configuration.calendar.coverageEnds(after: now)
            snapshot.configurationLoaded = runtime.configurationLoaded(startedAt: startedAt)
            let text = MetricsText.render(snapshot: snapshot, metrics: runtime.metrics, systems: GatewaySettings.Systems.names,
                                          now: now, startedAt: startedAt)
            return HTTPResponse(status: .ok, headers: ["Content-Type": MetricsText.contentType], body: Array(text.utf8))
        }
        // Up or down for anyone (a load balancer, systemd); which service is down only for those who may read the pages.
        router.get("/healthz", execution: .eventLoop) { _ in Self.json(["status": "ok"]) }
        // Every browser asks for it; a 404 would count against the officer's address in the failure throttle.
        router.get("/favicon.ico", execution: .eventLoop) { _ in HTTPResponse(status: .noContent, headers: ["Cache-Control": "max-age=86400"]) }
        router.get("/readyz") { [runtime] request in
            let readiness = Readiness.check(runtime)
            let status: HTTPStatus = readiness.ready ? .ok : .serviceUnavailable
            guard (try? access.viewer(request, kind: .data)) != nil else { return Self.json(["ready": .bool(readiness.ready)], status: status) }
            return .json(readiness, status: status)
        }
    }

    /// `/masuk` (the login form and its answer) and `/keluar` (logout).
    private func addLogin(to router: inout Router, access: PageAccess) {
        /// The form with a fresh nonce in its cookie and the nonce's HMAC in the form.
        @Sendable func form(_ request: HTTPRequest, returningTo next: String, message: String? = nil, status: HTTPStatus = .ok) throws -> HTTPResponse {
            let origin = RequestOrigin(request, trustedProxies: runtime.configuration.settings.security.trustedProxies)
            guard let (nonce, setCookie) = PageAccess.loginNonce(secure: origin.overTLS),
                  let csrf = PageAccess.loginFormToken(nonce: nonce, secrets: runtime.configuration.secrets) else {
                throw HTTPError(.serviceUnavailable, "libcrypto's random generator is not seeded: try again, or check /dev/urandom")
            }
            return Self.html(LoginPage.render(returningTo: next, csrf: csrf, message: message), status: status,
                             headers: ["Set-Cookie": setCookie, "Cache-Control": "no-store"])
        }
        router.get("/masuk") { request in
            try form(request, returningTo: LoginRequired.safeReturn(request.query["lanjut"]))
        }
        router.post("/masuk") { [runtime] request in
            let fields = Self.form(request.body)
            let next = LoginRequired.safeReturn(fields["lanjut"])
            // Only a form this gateway gave this browser logs in: another site cannot log a victim in as its own officer.
            guard PageAccess.loginFormMatches(request, csrf: fields["csrf"], secrets: runtime.configuration.secrets) else {
                return try form(request, returningTo: next, message: "Formulir masuk kedaluwarsa atau bukan dari Gerbang: silakan coba lagi.",
                                status: .forbidden)
            }
            let origin = RequestOrigin(request, trustedProxies: runtime.configuration.settings.security.trustedProxies)
            do {
                let cookie = try access.login(token: fields["token"] ?? "", origin: origin)
                return HTTPResponse(status: .seeOther, headers: ["Location": next, "Set-Cookie": cookie, "Cache-Control": "no-store"])
            } catch let error as HTTPError where error.status == .unauthorized {
                // Said the same way for a wrong, revoked or missing token: the form tells a guesser nothing.
                return try form(request, returningTo: next, message: "Token tidak dikenal atau sudah dicabut.", status: .unauthorized)
            }
        }
        router.post("/keluar") { [runtime] request in
            if let (_, session) = try access.session(request), !PageAccess.csrfMatches(Self.form(request.body)["csrf"], session: session) {
                throw Self.staleForm
            }
            let origin = RequestOrigin(request, trustedProxies: runtime.configuration.settings.security.trustedProxies)
            let cookie = try access.logout(request, origin: origin)
            return HTTPResponse(status: .seeOther, headers: ["Location": "/masuk", "Set-Cookie": cookie, "Cache-Control": "no-store"])
        }
    }

    /// A form posted with a session but without its CSRF token: not from this gateway's page, or from before a new login.
    static let staleForm = HTTPError(.forbidden, "the form's CSRF token is missing or belongs to another session: reload the page and try again")

    /// The paths that answer browsers with HTML.
    static func isPage(_ path: String) -> Bool {
        path == "/" || ["/kasus/", "/sop/", "/status/", "/masuk", "/keluar", "/meja"].contains { path.hasPrefix($0) }
    }

    static func html(_ text: String, status: HTTPStatus = .ok, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var response = HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"],
                                    body: Array(text.utf8))
        for (name, value) in HTMLPage.securityHeaders { response.headers.set(name, value) }
        for field in headers { response.headers.set(field.name, field.value) }
        return response
    }

    static func notice(_ title: String, _ message: String) -> String {
        var page = HTMLPage(title: title)
        page.add("<section><h1>\(HTMLPage.escape(title))</h1><p>\(HTMLPage.escape(message))</p><p><a href=\"/\">Kembali ke halaman status</a></p></section>")
        return page.html
    }

    /// An `application/x-www-form-urlencoded` body (WHATWG URL §5: '+' is a space, then percent-decoding).
    static func form(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if let name = parts.first { fields[name] = parts.count > 1 ? parts[1] : "" }
        }
        return fields
    }
}

/// `GET /readyz`: the database takes a write, and the background services run.
struct Readiness: Encodable {
    let ready: Bool
    let checks: [String: String]
    /// The last reload's outcome: informative, it does not make the gateway unready.
    let configuration: String

    static func check(_ runtime: GatewayRuntime) -> Readiness {
        var checks = ["database": runtime.writerAnswers(within: .seconds(2)) ? "ok" : "the writer did not commit within 2 s"]
        if let (fault, since) = runtime.storage.fault {
            checks["database"] = "writes fail since \(JakartaTime.iso(since)): \(fault)"
        }
        let services = runtime.services
        if services.isEmpty { checks["services"] = "not started (benchmark mode)" }
        for (name, running) in services { checks[name] = running ? "ok" : "stopped" }
        for required in ["sweep"] + GatewaySettings.Systems.names.map({ "dispatch-\($0)" }) where services[required] == nil && !services.isEmpty {
            checks[required] = "missing"
        }
        // A refused reload leaves the gateway serving on the configuration it had: ready, but said.
        let configuration = runtime.lastReload.map { reload in
            reload.refusal.map { "the reload at \(JakartaTime.iso(reload.at)) was refused, the running configuration stays: \($0)" }
                ?? "reloaded at \(JakartaTime.iso(reload.at))" + (reload.restartNeeded.isEmpty ? ""
                    : "; \(reload.restartNeeded.joined(separator: ", ")) changed and need a restart")
        } ?? "as loaded at start"
        return Readiness(ready: checks.values.allSatisfy { $0 == "ok" }, checks: checks, configuration: configuration)
    }
}
