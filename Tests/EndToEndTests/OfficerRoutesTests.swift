import Foundation
import GatewayCore
import GatewayDemo
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import NationalSystems
import Testing

/// The officers' API over HTTP: tokens, roles, work lists, filters, documents.
@Suite struct OfficerRoutesTests {
    /// A Verifikasi Teknis case whose Sekretariat has registered it, so it waits at step 3 for the Kadis.
    static func caseAtKadisStep(_ fixture: RigFixture) throws -> String {
        // OSS sends the NIB; SIINas says the application was submitted.
        for system in ["oss", "siinas"] {
            try fixture.rig.admin(system, .post, "scenario", ["name": "verifikasi-teknis-izin-usaha-industri", "emit": true])
        }
        #expect(Eventually.holds { (try? fixture.cases().first?.field("step")) == 2 })
        let caseID = try #require(try fixture.cases().first?.field("id")?.text)
        #expect(fixture.awaitTask(caseID, role: "sekretariat"))
        _ = try decide(fixture, caseID, ["step": 2], token: "dev-sekretariat").requireSuccess()
        return caseID
    }

    static func decide(_ fixture: RigFixture, _ caseID: String, _ body: JSONValue, token: String?) throws -> ClientResponse {
        try fixture.rig.api(.post, "/api/cases/\(caseID)/decisions", token: token, body: Array(body.encoded()))
    }

    static func json(_ response: ClientResponse) throws -> JSONValue {
        try JSONValue.decode(Data(response.body))
    }

    @Test func aKabidTokenCannotCompleteAKadisStepAndTheAttemptIsLogged() throws {
        let fixture = try RigFixture()
        let caseID = try Self.caseAtKadisStep(fixture)

        let refused = try Self.decide(fixture, caseID, ["step": 3], token: "dev-kabid")
        #expect(refused.status == .forbidden)
        #expect(try Self.json(refused).field("error")?.field("message")?.text?.contains("role kadis") == true)
        let logged = try fixture.read { try $0.syncLog.list(.init(caseID: caseID, failedOnly: true)) }.filter { $0.outcome == "forbidden" }
        #expect(logged.count == 1)
        #expect(logged.first?.messageID == "dev-kabid" && logged.first?.httpStatus == 403)
        #expect(try fixture.detail(caseID).field("task")?.field("step") == 3)

        _ = try Self.decide(fixture, caseID, ["step": 3, "note": "Disposisi ke Kabid"], token: "dev-kadis").requireSuccess()
        let history = try #require(try fixture.detail(caseID).field("case")?.field("history")?.array)
        let completed = try #require(history.last { $0.field("step") == 3 && $0.field("event") == "completed" })
        #expect(completed.field("actor")?.text?.contains("dev-kadis") == true)
        #expect(completed.field("at")?.text != nil)
    }

    static func withdraw(_ fixture: RigFixture, _ caseID: String, reason: String, token: String) throws -> ClientResponse {
        try fixture.rig.api(.post, "/api/cases/\(caseID)/withdrawal", token: token, body: Array(JSONValue.object(["reason": .string(reason)]).encoded()))
    }

    @Test func onlyTheKadisOrAnAdministratorClosesACaseWithAReasonAndItsPermitIsNoLongerPursued() throws {
        let fixture = try RigFixture()
        let caseID = try Self.caseAtKadisStep(fixture)

        let refused = try Self.withdraw(fixture, caseID, reason: "ditarik", token: "dev-kabid")
        #expect(refused.status == .forbidden)
        #expect(try Self.json(refused).field("error")?.field("message")?.text?.contains("kadis or admin") == true)
        let logged = try fixture.read { try $0.syncLog.list(.init(caseID: caseID, failedOnly: true)) }.filter { $0.outcome == "forbidden" }
        #expect(logged.map(\.method) == ["withdrawal"] && logged.first?.messageID == "dev-kabid")
        #expect(try Self.withdraw(fixture, caseID, reason: "  ", token: "dev-kadis").status == .badRequest)
        #expect(try Self.withdraw(fixture, caseID, reason: String(repeating: "a", count: 1001), token: "dev-kadis").status == .badRequest)
        #expect(try fixture.detail(caseID).field("task")?.field("step") == 3)  // none of that changed the case

        let closed = try Self.json(Self.withdraw(fixture, caseID, reason: "Permohonan ditarik pemohon", token: "dev-kadis").requireSuccess())
        #expect(closed.field("case")?.field("outcome") == "withdrawn")
        let ended = try #require(closed.field("case")?.field("history")?.array?.last)
        #expect(ended.field("event") == "ended" && ended.field("actor")?.text?.contains("dev-kadis") == true)
        #expect(ended.field("note") == "Permohonan ditarik pemohon")
        // Its permit's commitments are not pursued: no warning, no escalation, no question to OSS about it.
        #expect(closed.field("permits")?.array?.first?.field("effectiveness") == "ended")
        #expect(try Self.withdraw(fixture, caseID, reason: "lagi", token: "dev-admin").status == .conflict)
    }

    @Test func aWithdrawnVerifikasiTeknisClosesItsSIINasRequestWithTheReasonInTheClosersName() throws {
        let fixture = try RigFixture()
        let caseID = try Self.caseAtKadisStep(fixture)
        let issued = try Self.json(fixture.rig.api(.post, "/api/tokens", body: Array(JSONValue.object([
            "officer": "budi", "roles": ["kadis"], "nama": "Dr. Budi Santoso, M.T.", "nip": "197003152000031002",
        ]).encoded())).requireSuccess())
        let token = try #require(issued.field("token")?.text)
        _ = try Self.withdraw(fixture, caseID, reason: "Permohonan ditarik pemohon", token: token).requireSuccess()
        // The application came through SIINas, whose own record shows the request closed, why and by whom.
        #expect(Eventually.holds {
            let shown = try? JSONValue.decode(Data(fixture.rig.admin("siinas", .get, "state").body))
            let request = shown?.field("requests")?.field("VT-2026-000201")
            return request?.field("status") == "ditutup" && request?.field("penutupan")?.field("alasan") == "Permohonan ditarik pemohon"
                && request?.field("penutupan")?.field("petugas") == "Dr. Budi Santoso, M.T."
        })
    }

    @Test func aWithdrawnIzinInsidentilIsToldToSIPROWithTheReason() throws {
        let fixture = try RigFixture()
        try fixture.rig.admin("sipro", .post, "scenario", ["name": "izin-insidentil", "emit": true])
        #expect(Eventually.holds { (try? fixture.cases().contains { $0.field("reference") == "SIPRO/INS/2026/0001" }) == true })
        let caseID = try #require(try fixture.cases().first { $0.field("reference") == "SIPRO/INS/2026/0001" }?.field("id")?.text)
        _ = try Self.withdraw(fixture, caseID, reason: "Pemohon membatalkan kegiatan", token: "dev-admin").requireSuccess()
        // SIPRO's own record shows it, from SIPRO's side.
        #expect(Eventually.holds {
            let shown = try? JSONValue.decode(Data(fixture.rig.admin("sipro", .get, "state").body))
            let application = shown?.field("applications")?.field("SIPRO/INS/2026/0001")
            let last = application?.field("riwayat")?.array?.last
            return application?.field("status") == "dibatalkan" && last?.field("catatan") == "Pemohon membatalkan kegiatan"
                && last?.field("petugas") == "dev-admin"  // in the name of who closed it
        })
    }

    @Test func anOfficerConfirmsTheApplicantsUploadWithEvidenceWhenOSSNeverShowsItAndOSSHearsTheOutcome() throws {
        let fixture = try RigFixture()
        let idIzin = "I-20261217094500000000401"
        try fixture.rig.admin("oss", .post, "scenario", ["name": "verifikasi-nib", "emit": true])
        #expect(Eventually.holds { (try? fixture.cases().first?.field("step")) == 4 })
        let caseID = try #require(try fixture.cases().first?.field("id")?.text)
        let desk = fixture.rig.desk()
        desk.plan(idIzin, CasePlan())
        #expect(Eventually.holds {
            _ = try? desk.work()
            return (try? fixture.detail(caseID).field("task")?.field("step")) == 8
        })
        // Step 8 is the applicant's upload into OSS: no evidence, or a token of no role of SOP 004, confirms nothing.
        let noEvidence = try Self.decide(fixture, caseID, ["step": 8, "confirmForApplicant": true], token: "dev-kadis")
        #expect(noEvidence.status.code == 422 && String(decoding: noEvidence.body, as: UTF8.self).contains("needs evidence"))
        let stranger = try Self.decide(fixture, caseID, ["step": 8, "confirmForApplicant": true, "note": "tampil"], token: "dev-sekretariat")
        #expect(stranger.status == .forbidden)
        let paper = OfficerDesk.paper(caseID: caseID, step: 8)
        let confirmed = try Self.json(Self.decide(fixture, caseID, [
            "step": 8, "confirmForApplicant": true, "note": "Rekomendasi tampil di OSS (tangkapan layar)",
            "document": ["name": "oss-rekomendasi.pdf", "contentType": "application/pdf", "base64": .string(paper.bytes.base64EncodedString())],
        ], token: "dev-kadis").requireSuccess())
        #expect(confirmed.field("case")?.field("outcome") == "approved")
        let entry = try #require(confirmed.field("case")?.field("history")?.array?.last { $0.field("step") == 8 && $0.field("event") == "completed" })
        #expect(entry.field("actor")?.text?.contains("dev-kadis") == true)
        // OSS, from its own side, hears that the permit's commitment was met (45 from a Dinas teknis).
        #expect(Eventually.holds {
            fixture.received("oss", OSSMethod.receiveLicenseStatus.path).contains { entry in
                let status = (try? JSONValue.decode(Data(entry.body.utf8)))?.field("IZINSTATUS")
                return entry.applied && status?.field("id_izin")?.text == idIzin && status?.field("kd_status") == "45"
            }
        })
    }

    @Test func withoutAKnownTokenNothingIsReadOrDone() throws {
        let fixture = try RigFixture()
        let caseID = try Self.caseAtKadisStep(fixture)
        for token in [nil, "wrong-token"] as [String?] {
            let listing = try fixture.rig.api(.get, "/api/cases", token: token)
            #expect(listing.status == .unauthorized)
            #expect(listing.headers["WWW-Authenticate"] == "Bearer")
            #expect(try Self.decide(fixture, caseID, ["step": 3], token: token).status == .unauthorized)
        }
        for path in ["/api/cases/\(caseID)", "/api/tasks?role=kadis", "/api/permits", "/api/systems"] {
            #expect(try fixture.rig.api(.get, path, token: nil).status == .unauthorized, "\(path)")
        }
        #expect(try fixture.rig.api(.get, "/api/ping", token: nil).status == .ok)
    }

    @Test func aMalformedDecisionOrAnUnknownCaseSaysWhat() throws {
        let fixture = try RigFixture()
        let caseID = try Self.caseAtKadisStep(fixture)
        let malformed = try fixture.rig.api(.post, "/api/cases/\(caseID)/decisions", token: "dev-kadis", body: Array(#"{"step": "three"}"#.utf8))
        #expect(malformed.status == .badRequest)
        #expect(try Self.json(malformed).field("error")?.field("message")?.text?.contains("step") == true)
        let outOfTurn = try Self.decide(fixture, caseID, ["step": 5], token: "dev-kadis")
        #expect(outOfTurn.status == .conflict)
        let missing = try fixture.rig.api(.get, "/api/cases/VT-2026-999999")
        #expect(missing.status == .notFound)
        #expect(try Self.json(missing).field("error")?.field("message")?.text?.contains("gerbang cases") == true)
        #expect(try Self.decide(fixture, "VT-2026-999999", ["step": 1], token: "dev-kadis").status == .notFound)
    }

    @Test func theDevelopmentTokensAreNotTakenThroughAProxy() throws {
        let fixture = try RigFixture(services: false)
        #expect(try fixture.rig.api(.get, "/api/cases").status == .ok)
        for header in ["X-Forwarded-For", "Forwarded"] {
            let proxied = try fixture.rig.client.send(ClientRequest(url: fixture.rig.gateway.url + "/api/cases", headers: [
                "Authorization": "Bearer dev-admin", header: header == "Forwarded" ? "for=203.0.113.9" : "203.0.113.9",
            ]))
            #expect(proxied.status == .unauthorized && String(decoding: proxied.body, as: UTF8.self).contains("development tokens"), "\(header)")
        }
    }

    @Test func aRevokedTokenGets401() throws {
        let fixture = try RigFixture()
        let issued = try Self.json(fixture.rig.api(.post, "/api/tokens", body: Array(JSONValue.object([
            "officer": "197001012000031001", "roles": ["kadis"],
        ]).encoded())).requireSuccess())
        let token = try #require(issued.field("token")?.text)
        let id = try #require(issued.field("details")?.field("id")?.text)
        #expect(try fixture.rig.api(.get, "/api/cases", token: token).status == .ok)
        // Only its digest is kept.
        let stored = try fixture.read { try $0.tokens.list() }
        #expect(stored.map(\.tokenSHA256) == [Digest.sha256Hex(Array(token.utf8))])

        _ = try fixture.rig.api(.post, "/api/tokens/\(id)/revoke").requireSuccess()
        let refused = try fixture.rig.api(.get, "/api/cases", token: token)
        #expect(refused.status == .unauthorized)
        // Told as an unknown token: the answer names no token id and no time to whoever holds it.
        let message = try #require(try Self.json(refused).field("error")?.field("message")?.text)
        #expect(message.contains("not known") && !message.contains(id) && !message.contains("revoked"))
        #expect(try Self.json(fixture.rig.api(.post, "/api/tokens/\(id)/revoke").requireSuccess()).field("changed") == false)
        #expect(try fixture.rig.api(.post, "/api/tokens/tok-nosuch/revoke").status == .notFound)
    }

    @Test func aTokenCarriesTheOfficersNameAndNIPForOSSBothOrNeitherAndAsOSSTakesThem() throws {
        let fixture = try RigFixture()
        func issue(_ fields: [String: JSONValue]) throws -> ClientResponse {
            try fixture.rig.api(.post, "/api/tokens", body: Array(JSONValue.object(["officer": "budi", "roles": ["kadis"]].merging(fields) { $1 }).encoded()))
        }
        let issued = try Self.json(try issue(["nama": "Dr. Budi Santoso, M.T.", "nip": "197003152000031002"]).requireSuccess())
        #expect(issued.field("details")?.field("nama") == "Dr. Budi Santoso, M.T." && issued.field("details")?.field("nip") == "197003152000031002")
        let listed = try Self.json(fixture.rig.api(.get, "/api/tokens").requireSuccess()).field("tokens")?.array?.first
        #expect(listed?.field("nip") == "197003152000031002")
        // PIA receiveLicense: nama_ttd at most 50 characters, nip_ttd at most 25; one without the other tells OSS half.
        for (fields, problem) in [(["nip": .string("197003152000031002")], "together"), (["nama": "", "nip": "1"], "must not be empty"),
                                  (["nama": .string(String(repeating: "a", count: 51)), "nip": "1"], "at most 50"),
                                  (["nama": "Budi", "nip": .string(String(repeating: "1", count: 26))], "at most 25")] as [([String: JSONValue], String)] {
            let refused = try issue(fields)
            #expect(refused.status == .unprocessableContent)
            #expect(try Self.json(refused).field("error")?.field("message")?.text?.contains(problem) == true, "\(fields)")
        }
        #expect(try issue(["nama": .null, "nip": "1"]).status == .badRequest)  // a null is no name
    }

    @Test func aTokenIsIssuedOnlyForKnownRolesAndOnlyByAnAdmin() throws {
        let fixture = try RigFixture()
        let body = Array(JSONValue.object(["officer": "x", "roles": ["bupati"]]).encoded())
        let unknownRole = try fixture.rig.api(.post, "/api/tokens", body: body)
        #expect(unknownRole.status == .unprocessableContent)
        #expect(try Self.json(unknownRole).field("error")?.field("message")?.text?.contains("bupati") == true)
        #expect(try fixture.rig.api(.post, "/api/tokens", token: "dev-kadis", body: body).status == .forbidden)
        #expect(try fixture.rig.api(.get, "/api/tokens", token: "dev-kabid").status == .forbidden)
        #expect(try fixture.rig.api(.post, "/api/tokens", body: Array("{".utf8)).status == .badRequest)
        let logged = try fixture.read { try $0.syncLog.list(.init(system: "gateway")) }.filter { $0.outcome == "forbidden" }
        #expect(logged.map(\.method) == ["token.add", "token.list"])
    }

    @Test func tasksListAStepForItsRoleWithTheWorkingTimeLeft() throws {
        let fixture = try RigFixture()
        let caseID = try Self.caseAtKadisStep(fixture)
        let tasks = try #require(try Self.json(fixture.rig.api(.get, "/api/tasks?role=kadis").requireSuccess()).field("tasks")?.array)
        #expect(tasks.map { $0.field("id") } == [.string(caseID)])
        let left = try #require(tasks.first?.field("workingSecondsLeft")?.text.flatMap(Int.init))
        #expect(left > 0)
        #expect(tasks.first?.field("timeLeft")?.text?.contains("menit") == true)
        #expect(try Self.json(fixture.rig.api(.get, "/api/tasks?role=kabid").requireSuccess()).field("tasks") == [])
        #expect(try fixture.rig.api(.get, "/api/tasks").status == .badRequest)
    }

    @Test func casesAreFilteredAndAMistypedFilterIsAnError() throws {
        let fixture = try RigFixture()
        let caseID = try Self.caseAtKadisStep(fixture)
        func ids(_ query: String) throws -> [JSONValue] {
            try Self.json(fixture.rig.api(.get, "/api/cases?" + query).requireSuccess()).field("cases")?.array?.compactMap { $0.field("id") } ?? []
        }
        #expect(try ids("sop=verifikasi-teknis-izin-usaha-industri&status=active&step=3&breached=false") == [.string(caseID)])
        #expect(try ids("step=4") == [])
        #expect(try ids("breached=true") == [])
        #expect(try ids("sop=izin-perluasan") == [])
        for bad in ["status=open", "step=three", "breached=yes"] {
            let response = try fixture.rig.api(.get, "/api/cases?" + bad)
            #expect(response.status == .badRequest)
            #expect(try Self.json(response).field("error")?.field("message")?.text?.contains(String(bad.prefix { $0 != "=" })) == true)
        }
    }

    @Test func aDocumentIsAttachedWithinTheLimitsAndRecordedWithWhoAndWhen() throws {
        let fixture = try RigFixture(overrides: ["GERBANG_DOCUMENTS_MAX_BYTES": "64"])
        let caseID = try Self.caseAtKadisStep(fixture)
        func attach(_ name: String, _ type: String, _ bytes: [UInt8], token: String = "dev-kadis") throws -> ClientResponse {
            try fixture.rig.api(.post, "/api/cases/\(caseID)/documents", token: token, body: Array(JSONValue.object([
                "step": 3, "note": "disposisi", "document": ["name": .string(name), "contentType": .string(type),
                                                              "base64": .string(Data(bytes).base64EncodedString())],
            ]).encoded()))
        }
        let pdf = Array("%PDF-1.4\n% disposisi\n%%EOF\n".utf8)
        let attached = try attach("disposisi.pdf", "application/pdf", pdf)
        #expect(attached.status == .created)
        let documents = try #require(try Self.json(attached).field("documents")?.array)
        #expect(documents.map { $0.field("name") } == ["disposisi.pdf"])
        #expect(documents.first?.field("size")?.text == String(pdf.count))
        #expect(documents.first?.field("sha256")?.text == Digest.sha256Hex(pdf))
        let entry = try #require(try Self.json(attached).field("case")?.field("history")?.array?.last)
        #expect(entry.field("event") == "attached" && entry.field("actor")?.text?.contains("dev-kadis") == true)
        #expect(try fixture.detail(caseID).field("task")?.field("step") == 3)  // attaching does not complete the step

        #expect(try attach("big.pdf", "application/pdf", [UInt8](repeating: 65, count: 65)).status == .contentTooLarge)
        #expect(try attach("script.sh", "text/x-shellscript", pdf).status == .unsupportedMediaType)
        let injected = try attach("surat.pdf\r\nSet-Cookie: gerbang_sesi=x", "application/pdf", pdf)
        #expect(injected.status == .unprocessableContent && String(decoding: injected.body, as: UTF8.self).contains("control character"))
        #expect(try attach(String(repeating: "n", count: 100_000) + ".pdf", "application/pdf", pdf).status == .unprocessableContent)
        #expect(try attach("disposisi.pdf", "application/pdf", pdf, token: "dev-kabid").status == .forbidden)
        // Two values for one key: which would the gateway act on? Neither: the body is refused, naming the key.
        let twice = try fixture.rig.api(.post, "/api/cases/\(caseID)/documents", token: "dev-kadis",
                                        body: Array(#"{"step": 3, "step": 4, "document": {"name": "a.pdf", "contentType": "application/pdf", "base64": ""}}"#.utf8))
        #expect(twice.status == .badRequest && String(decoding: twice.body, as: UTF8.self).contains(#"the key \"step\" appears twice"#))
        // Checked by content: a 6-byte text file named x.pdf is no PDF, and a PNG sent as a PDF says what it is.
        let text = try attach("x.pdf", "application/pdf", Array("hello\n".utf8))
        #expect(text.status == .unsupportedMediaType)
        #expect(String(decoding: text.body, as: UTF8.self).contains("no PDF, JPEG or PNG"))
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]
        #expect(String(decoding: try attach("peta.pdf", "application/pdf", png).body, as: UTF8.self).contains("its bytes are image/png: send it as image/png"))
        let notBase64 = try fixture.rig.api(.post, "/api/cases/\(caseID)/documents", token: "dev-kadis", body: Array(JSONValue.object([
            "step": 3, "document": ["name": "x.pdf", "contentType": "application/pdf", "base64": "%%%"],
        ]).encoded()))
        #expect(notBase64.status == .unprocessableContent)
    }

    @Test func permitsAreListedWithTheirCommitments() throws {
        let fixture = try RigFixture()
        _ = try Self.caseAtKadisStep(fixture)
        let permits = try #require(try Self.json(fixture.rig.api(.get, "/api/permits?notEffective=true").requireSuccess()).field("permits")?.array)
        #expect(permits.count == 1)
        #expect(permits.first?.field("effectiveness") == "pending")
        #expect(permits.first?.field("commitments")?.array?.map { $0.field("kind") } == ["technicalVerification"])
        #expect(try fixture.rig.api(.get, "/api/permits?notEffective=maybe").status == .badRequest)
    }

    @Test func listingsRefuseUnknownParametersAndValuesAndPageWithACursor() throws {
        let fixture = try RigFixture()
        try fixture.rig.admin("oss", .post, "scenario", ["name": "rekomendasi-izin-usaha-industri", "emit": true])
        try fixture.rig.admin("oss", .post, "scenario", ["name": "verifikasi-teknis-izin-usaha-industri", "emit": true])
        #expect(Eventually.holds { (try? fixture.cases().count) == 2 })
        func status(_ path: String) throws -> (HTTPStatus, String) {
            let response = try fixture.rig.api(.get, path)
            return (response.status, try Self.json(response).field("error")?.field("message")?.text ?? "")
        }
        let (unknown, message) = try status("/api/cases?limt=2")
        #expect(unknown == .badRequest && message.contains("unknown parameter 'limt'") && message.contains("limit"))
        #expect(try status("/api/cases?sop=nosuch") == (.notFound, status("/api/cases?sop=nosuch").1))
        #expect(try status("/api/cases?sop=nosuch").1.contains("sop 'nosuch' is not known"))
        #expect(try status("/api/tasks?role=nosuch").0 == .notFound)  // well-formed, but names no role
        #expect(try status("/api/health?verbose=1").0 == .badRequest)
        #expect(try status("/api/cases?limit=0").0 == .badRequest)

        let first = try Self.json(fixture.rig.api(.get, "/api/cases?limit=1").requireSuccess())
        #expect(first.field("total") == 2 && first.field("cases")?.array?.count == 1)
        let next = try #require(first.field("next")?.text)
        #expect(next == first.field("cases")?.array?.first?.field("id")?.text)
        let second = try Self.json(fixture.rig.api(.get, "/api/cases?limit=1&after=\(next.percentEncodedSegment)").requireSuccess())
        #expect(second.field("next") == nil && second.field("cases")?.array?.first?.field("id")?.text != next)
        #expect(try status("/api/cases?after=NO-SUCH").0 == .notFound)
    }
}
