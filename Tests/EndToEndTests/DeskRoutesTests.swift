import Foundation
import GatewayCore
import GatewayDemo
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import NationalSystems
import Testing

/// The officer's desk as a browser uses it: log in, find the step, attach a PDF, check the decision, send it, and
/// the refusals the API makes, said on a page (issue 30).
@Suite struct DeskRoutesTests {
    /// A Rekomendasi case at its step 1, the Kabid's (SOP 001: "Kepala Bidang menerima berkas"), once OSS answered
    /// the check of its NIB.
    static func caseAtKabid(_ fixture: RigFixture) throws -> String {
        try fixture.rig.admin("oss", .post, "scenario", ["name": "rekomendasi-izin-usaha-industri", "emit": true])
        #expect(Eventually.holds { (try? fixture.cases().first?.field("step")) == 1 })
        let caseID = try #require(try fixture.cases().first?.field("id")?.text)
        #expect(fixture.awaitTask(caseID, role: "kabid"))
        return caseID
    }

    /// A browser with a session: its cookie, and the page's CSRF field read off the page it opens.
    struct Browser {
        let fixture: RigFixture
        let cookie: String

        init(_ fixture: RigFixture, token: String) throws {
            self.fixture = fixture
            cookie = try PageAccessTests.login(fixture, token: token)
        }

        func get(_ path: String) throws -> ClientResponse {
            try PageAccessTests.send(fixture, path, headers: ["Cookie": cookie])
        }

        func post(_ path: String, _ fields: [(String, String)]) throws -> ClientResponse {
            let form = fields.map { "\($0.0)=\($0.1.percentEncodedSegment)" }.joined(separator: "&")
            return try PageAccessTests.send(fixture, path, method: .post, form: form, headers: ["Cookie": cookie])
        }

        func csrf() throws -> String { try PageAccessTests.csrf(in: PageAccessTests.text(get("/meja"))) }
    }

    @Test func aKabidFindsTheStepAttachesAPDFChecksWhatWillBeSentAndDecidesOnce() throws {
        let fixture = try RigFixture()
        let caseID = try Self.caseAtKabid(fixture)
        let kabid = try Browser(fixture, token: "dev-kabid")

        // The desk lists the case with the SOP's activity and the company the NIB names.
        let desk = PageAccessTests.text(try kabid.get("/meja"))
        #expect(desk.contains(caseID) && desk.contains("PT ") && desk.contains("Langkah 1: "))
        let page = PageAccessTests.text(try kabid.get("/meja/kasus/\(caseID)"))
        #expect(page.contains("Kelengkapan") && page.contains("name=\"jawaban\"") && page.contains("enctype=\"multipart/form-data\""))
        let csrf = try PageAccessTests.csrf(in: page)

        // A PDF, as a browser uploads it.
        let boundary = "----GerbangTest7MA4YWxk"
        let pdf = Array("%PDF-1.4\n% disposisi\n%%EOF\n".utf8)
        let body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n".utf8)
            + Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"langkah\"\r\n\r\n1\r\n".utf8)
            + Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"disposisi.pdf\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
            + pdf + Array("\r\n--\(boundary)--\r\n".utf8)
        let uploaded = try fixture.rig.client.send(ClientRequest(method: .post, url: fixture.rig.gateway.url + "/meja/kasus/\(caseID)/berkas",
                                                                 headers: ["Cookie": kabid.cookie, "Content-Type": "multipart/form-data; boundary=\(boundary)"],
                                                                 body: body))
        #expect(uploaded.status == .created)
        let stored = try fixture.read { try $0.documents.list(caseID: caseID) }
        #expect(stored.map(\.name) == ["disposisi.pdf"])
        // It opens from the page, byte for byte.
        let opened = try kabid.get("/meja/berkas?id=\(stored[0].id.percentEncodedSegment)")
        #expect(opened.status == .ok && opened.body == pdf && opened.headers["Content-Type"] == "application/pdf")

        // The check shows the decision and where the case goes, and sends nothing yet.
        let decision = [("csrf", csrf), ("langkah", "1"), ("aktivasi", "1"), ("jawaban", "selesai"), ("catatan", "ke tim teknis")]
        let preview = PageAccessTests.text(try kabid.post("/meja/kasus/\(caseID)/periksa", decision))
        #expect(preview.contains("Periksa sebelum mengirim") && preview.contains("kini di langkah 2"))
        #expect(try fixture.detail(caseID).field("task")?.field("step") == 1)

        let sent = try kabid.post("/meja/kasus/\(caseID)/putuskan", decision)
        #expect(sent.status == .ok && PageAccessTests.text(sent).contains("Langkah 1 selesai"))
        #expect(try fixture.detail(caseID).field("task")?.field("step") == 2)
        // A second click of the same form changes nothing and says so.
        let again = try kabid.post("/meja/kasus/\(caseID)/putuskan", decision)
        #expect(again.status == .ok && PageAccessTests.text(again).contains("sudah Anda putuskan"))
        let history = try fixture.detail(caseID).field("case")?.field("history")?.array ?? []
        #expect(history.filter { $0.field("step") == 1 && $0.field("event") == "completed" }.count == 1, "\(history)")
        // In the history and the sync log, in the officer's name.
        let logged = try fixture.read { try $0.syncLog.list(.init(caseID: caseID)) }.filter { $0.method == "decision" }
        #expect(logged.map(\.messageID) == ["step 1 by dev-kabid"])
    }

    @Test func anotherRoleCannotActAndIsLoggedAStaleFormIsRefusedAndAnotherOfficersDecisionIsSaid() throws {
        let fixture = try RigFixture()
        let caseID = try Self.caseAtKabid(fixture)
        let sekretariat = try Browser(fixture, token: "dev-sekretariat")
        let page = PageAccessTests.text(try sekretariat.get("/meja/kasus/\(caseID)"))
        #expect(!page.contains("name=\"jawaban\"") && page.contains("peran Anda tidak dapat memutuskannya"))
        let decision = [("csrf", try sekretariat.csrf()), ("langkah", "1"), ("aktivasi", "1"), ("jawaban", "selesai")]
        let refused = try sekretariat.post("/meja/kasus/\(caseID)/putuskan", decision)
        #expect(refused.status == .forbidden && PageAccessTests.text(refused).contains("Peran Anda tidak dapat") && PageAccessTests.text(refused).contains("role kabid"))
        let logged = try fixture.read { try $0.syncLog.list(.init(caseID: caseID, failedOnly: true)) }.filter { $0.outcome == "forbidden" }
        #expect(logged.map(\.messageID) == ["dev-sekretariat"])

        let kabid = try Browser(fixture, token: "dev-kabid")
        // Without the session's CSRF token (another site's form): refused, nothing done.
        #expect(try kabid.post("/meja/kasus/\(caseID)/putuskan", [("langkah", "1"), ("aktivasi", "1"), ("jawaban", "selesai")]).status == .forbidden)
        #expect(try fixture.detail(caseID).field("task")?.field("step") == 1)
        // Two Kabids with the same form: the second reads who decided.
        _ = try kabid.post("/meja/kasus/\(caseID)/putuskan", [("csrf", try kabid.csrf()), ("langkah", "1"), ("aktivasi", "1"), ("jawaban", "selesai")])
        let other = try Browser(fixture, token: "dev-admin")
        let late = try other.post("/meja/kasus/\(caseID)/putuskan", [("csrf", try other.csrf()), ("langkah", "1"), ("aktivasi", "1"), ("jawaban", "selesai")])
        #expect(late.status == .conflict && PageAccessTests.text(late).contains("sudah diputuskan oleh") && PageAccessTests.text(late).contains("dev-kabid"))
    }

    @Test func theCheckOfAReturnSaysWhatSIPROWillReceiveAndSendsNothingAndAReturnNeedsItsNote() throws {
        let fixture = try RigFixture()
        try fixture.rig.admin("sipro", .post, "scenario", ["name": "izin-insidentil", "emit": true])
        #expect(Eventually.holds { (try? fixture.cases().first { $0.field("reference") == "SIPRO/INS/2026/0001" }?.field("step")) == 2 })
        let caseID = try #require(try fixture.cases().first { $0.field("reference") == "SIPRO/INS/2026/0001" }?.field("id")?.text)
        let frontOffice = try Browser(fixture, token: "dev-front-office")
        let outboxBefore = try fixture.read { try $0.outbox.list(caseID: caseID) }.count
        let activation = try #require(try fixture.read { try $0.cases.load(caseID) }?.activeStep?.activation)
        func form(_ note: String) throws -> [(String, String)] {
            [("csrf", try frontOffice.csrf()), ("langkah", "2"), ("aktivasi", "\(activation)"), ("jawaban", "tidak"), ("catatan", note)]
        }
        // Seed 003 step 2 "Tidak" returns the registration to the applicant, who must be told what to complete.
        let unsaid = try frontOffice.post("/meja/kasus/\(caseID)/periksa", try form(" "))
        #expect(unsaid.status == .unprocessableContent && PageAccessTests.text(unsaid).contains("Catatan wajib diisi"))
        let preview = PageAccessTests.text(try frontOffice.post("/meja/kasus/\(caseID)/periksa", try form("Fotokopi KTP buram")))
        #expect(preview.contains("SIPRO akan menerima status &quot;dikembalikan&quot;") && preview.contains("kini di langkah 1"))
        #expect(try fixture.read { try $0.outbox.list(caseID: caseID) }.count == outboxBefore)  // nothing queued by the check
        // An upload whose bytes are not what its name says is refused on the page, in Indonesian, naming the problem.
        let boundary = "b0undary"
        let body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(try frontOffice.csrf())\r\n".utf8)
            + Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"langkah\"\r\n\r\n2\r\n".utf8)
            + Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"ktp.pdf\"\r\n\r\nbukan pdf\r\n--\(boundary)--\r\n".utf8)
        let refused = try fixture.rig.client.send(ClientRequest(method: .post, url: fixture.rig.gateway.url + "/meja/kasus/\(caseID)/berkas",
                                                                headers: ["Cookie": frontOffice.cookie, "Content-Type": "multipart/form-data; boundary=\(boundary)"],
                                                                body: body))
        #expect(refused.status == .unsupportedMediaType && PageAccessTests.text(refused).contains("Jenis berkas tidak diterima"))
        #expect(try fixture.read { try $0.documents.list(caseID: caseID) }.isEmpty)
    }

    @Test func withoutALoginTheDeskSendsTheBrowserToTheLoginForm() throws {
        let fixture = try RigFixture()
        let response = try PageAccessTests.send(fixture, "/meja")
        #expect(response.status == .seeOther && response.headers["Location"] == "/masuk?lanjut=%2Fmeja")
    }
}
