import Foundation
import GatewayDemo
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import NationalSystems
import Testing

/// The status page, case pages, /metrics, /healthz and /readyz of a running gateway.
@Suite struct StatusRoutesTests {
    func page(_ fixture: RigFixture, _ path: String) throws -> (ClientResponse, String) {
        let response = try fixture.rig.api(.get, path, token: nil)
        return (response, String(decoding: response.body, as: UTF8.self))
    }

    @Test func theStatusPageShowsEachSOPWithItsCasesAndTheSystems() throws {
        let fixture = try RigFixture()
        let caseID = try OfficerRoutesTests.caseAtKadisStep(fixture)
        let (response, html) = try page(fixture, "/")
        #expect(response.status == .ok && response.headers["Content-Type"] == "text/html; charset=utf-8")
        for section in ["sistem", "kasus", "izin", "log", "gagal"] { #expect(html.contains("<section id=\"\(section)\">"), "\(section)") }
        for sop in try RepositoryFiles.definitionIDs { #expect(html.contains("data-sop=\"\(sop)\""), "\(sop)") }
        #expect(html.contains("data-case=\"\(caseID)\""))
        #expect(html.contains("<tr data-system=\"oss\">") && html.contains("Sistem nasional"))
        #expect(html.contains("Izin belum berlaku efektif"))

        let (failedOnly, filtered) = try page(fixture, "/?sistem=siinas&gagal=1")
        #expect(failedOnly.status == .ok && filtered.contains("<option value=\"siinas\" selected>"))
    }

    @Test func aCasePageShowsItsStepsAgainstTheirTimeStandardsAndAMissingOneIs404() throws {
        let fixture = try RigFixture()
        let caseID = try OfficerRoutesTests.caseAtKadisStep(fixture)
        let (response, html) = try page(fixture, "/kasus/\(caseID)")
        #expect(response.status == .ok)
        #expect(html.contains("data-step=\"1\"") && html.contains("data-step=\"2\"") && html.contains("data-step=\"3\""))
        #expect(html.contains("waktu baku"))
        let (missing, text) = try page(fixture, "/kasus/VT-2026-999999")
        #expect(missing.status == .notFound && text.contains("Tidak ada kasus VT-2026-999999"))
    }

    @Test func anSOPPageDrawsItsFlowWithTheCasesWaitingAtTheirStepAndTheStatusPageLinksIt() throws {
        let fixture = try RigFixture()
        let caseID = try OfficerRoutesTests.caseAtKadisStep(fixture)
        let step = try #require(try fixture.detail(caseID).field("task")?.field("step")?.text)
        let sop = "verifikasi-teknis-izin-usaha-industri"
        #expect(try page(fixture, "/").1.contains("<a href=\"/sop/\(sop)\">"))
        let (response, html) = try page(fixture, "/sop/\(sop)")
        #expect(response.status == .ok && html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sop-diagram\""))
        let definition = try RepositoryFiles.definition(sop)
        for number in definition.steps.map(\.number) {
            let waiting = "\(number)" == step ? 1 : 0
            #expect(html.contains(" data-step=\"\(number)\" data-waiting=\"\(waiting)\" data-late=\"0\""), "step \(number) in the table")
            #expect(html.contains("data-step=\"\(number)\" data-role=\"\(definition.steps[number - 1].role)\" data-waiting=\"\(waiting)\""), "step \(number) drawn")
        }
        #expect(html.contains("<b data-field=\"waiting\">1</b> kasus aktif menunggu"))
        let (missing, text) = try page(fixture, "/sop/tidak-ada")
        #expect(missing.status == .notFound && text.contains("Tidak ada SOP tidak-ada"))
    }

    @Test func theReplayButtonNeedsAnAdminToken() throws {
        let fixture = try RigFixture()
        let id = try OutboundTests.deadBAPUpload(fixture)
        #expect(try page(fixture, "/").1.contains("data-dead=\"\(id)\""))
        func replay(_ token: String) throws -> ClientResponse {
            try fixture.rig.client.send(ClientRequest(
                method: .post, url: fixture.rig.gateway.url + "/status/kirim-ulang",
                headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: Array("id=\(id.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&token=\(token)".utf8)))
        }
        #expect(try replay("salah").status == .unauthorized)
        #expect(try replay("dev-kabid").status == .forbidden)
        let done = try replay("dev-admin")
        #expect(done.status == .seeOther && done.headers["Location"]?.hasPrefix("/?hasil=kirim-ulang&dikirim=1&") == true)
        let page = String(decoding: try fixture.rig.client.send(ClientRequest(url: fixture.rig.gateway.url + (done.headers["Location"] ?? ""))).body,
                          as: UTF8.self)
        #expect(page.contains("1 pesan dikirim ulang"))
        #expect(Eventually.holds { (try? fixture.read { try $0.outbox.message(id) })??.state == .delivered })
    }

    @Test func aNoticeInTheAddressIsNeverTextSomeoneElseWrote() throws {
        let fixture = try RigFixture(services: false)
        let forged = "Sistem dipindahkan: masuk ulang di https://evil.example"
        for query in ["pesan=\(forged.percentEncodedSegment)", "hasil=kirim-ulang&dikirim=\(forged.percentEncodedSegment)",
                      "hasil=kirim-ulang&dikirim=2&tunggu=\(forged.percentEncodedSegment)"] {
            let page = String(decoding: try fixture.rig.client.send(ClientRequest(url: fixture.rig.gateway.url + "/?" + query)).body, as: UTF8.self)
            #expect(!page.contains("evil.example"), "\(query)")
        }
        let page = String(decoding: try fixture.rig.client.send(ClientRequest(
            url: fixture.rig.gateway.url + "/?hasil=kirim-ulang&dikirim=2&menyusul=1&tunggu=oss,bukan-sistem")).body, as: UTF8.self)
        #expect(page.contains("2 pesan dikirim ulang, 1 pesan yang tertahan di belakangnya menyusul; dikirim setelah oss dilanjutkan"))
        #expect(!page.contains("bukan-sistem"))
    }

    @Test func metricsHealthAndReadiness() throws {
        let fixture = try RigFixture()
        _ = try OfficerRoutesTests.caseAtKadisStep(fixture)
        let (metrics, text) = try page(fixture, "/metrics")
        #expect(metrics.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(text.contains(#"gerbang_cases{sop="verifikasi-teknis-izin-usaha-industri",state="active"} 1"#))
        #expect(text.contains(#"gerbang_inbox_messages{state="processed"}"#))
        #expect(try page(fixture, "/healthz").1 == #"{"status":"ok"}"#)
        let (ready, body) = try page(fixture, "/readyz")
        #expect(ready.status == .ok && body.contains(#""sweep":"ok""#) && body.contains(#""dispatch-oss":"ok""#))

        let idle = try RigFixture(services: false)
        let (notReady, why) = try page(idle, "/readyz")
        #expect(notReady.status == .serviceUnavailable && why.contains("not started"))
    }
}
