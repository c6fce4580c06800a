import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems

/// What operators and monitoring look at: the status page and case pages
/// (HTML), `/metrics` (Prometheus), `/healthz` and `/readyz`.
extension GatewayRoutes {
    func addStatus(to router: inout Router) {
        let authenticator = OfficerAuthenticator(runtime: runtime)
        let startedAt = runtime.clock.now()
        router.get("/") { [runtime] request in
            Self.html(try StatusPage(runtime: runtime).render(query: request.query))
        }
        router.get("/kasus/{id}") { [runtime] request in
            let id = request.pathParameters["id"] ?? ""
            guard let html = try CasePage(runtime: runtime).render(id) else {
                return Self.html(Self.notice("Kasus tidak ditemukan", "Tidak ada kasus \(id). Daftar kasus ada di halaman status."), status: .notFound)
            }
            return Self.html(html)
        }
        // The dead letters' replay button: a form with the admin token, answered with a redirect back to the page.
        router.post("/status/kirim-ulang") { request in
            let form = Self.form(request.body)
            do {
                let by = try authenticator.admin(token: form["token"], action: "outbox.retry")
                let id = form["id"].flatMap { $0.isEmpty ? nil : $0 }
                let count = try replay(id, by: by.officer)
                let message = "\(count) pesan dikirim ulang" + (id.map { " (\($0))" } ?? "")
                return HTTPResponse(status: .seeOther, headers: ["Location": "/?pesan=\(message.percentEncodedSegment)#gagal"])
            } catch let error as HTTPError {
                return Self.html(Self.notice("Tidak dapat mengirim ulang", error.message), status: error.status)
            }
        }
        router.get("/metrics") { [runtime] _ in
            let snapshot = try runtime.read { try MetricsText.Snapshot.read($0) }
            let text = MetricsText.render(snapshot: snapshot, metrics: runtime.metrics, systems: GatewaySettings.Systems.names,
                                          now: runtime.clock.now(), startedAt: startedAt)
            return HTTPResponse(status: .ok, headers: ["Content-Type": MetricsText.contentType], body: Array(text.utf8))
        }
        router.get("/healthz", execution: .eventLoop) { _ in Self.json(["status": "ok"]) }
        router.get("/readyz") { [runtime] _ in
            let readiness = Readiness.check(runtime)
            return .json(readiness, status: readiness.ready ? .ok : .serviceUnavailable)
        }
    }

    static func html(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"], body: Array(text.utf8))
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

    static func check(_ runtime: GatewayRuntime) -> Readiness {
        var checks = ["database": runtime.writerAnswers(within: .seconds(2)) ? "ok" : "the writer did not commit within 2 s"]
        let services = runtime.services
        if services.isEmpty { checks["services"] = "not started (benchmark mode)" }
        for (name, running) in services { checks[name] = running ? "ok" : "stopped" }
        for required in ["sweep"] + GatewaySettings.Systems.names.map({ "dispatch-\($0)" }) where services[required] == nil && !services.isEmpty {
            checks[required] = "missing"
        }
        return Readiness(ready: checks.values.allSatisfy { $0 == "ok" }, checks: checks)
    }
}
