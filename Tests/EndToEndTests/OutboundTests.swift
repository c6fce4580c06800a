import Foundation
import GatewayCore
import GatewayDemo
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import NationalSystems
import Testing

/// What the gateway sends arrives once, whatever the national systems do to it first.
@Suite struct OutboundTests {
    /// An Izin Perluasan whose officers have all decided, up to the BAP upload at step 17.
    static func bapUploaded(_ fixture: RigFixture, hasil: String = "siap") throws -> String {
        for system in ["oss", "siinas"] { try fixture.rig.admin(system, .post, "scenario", ["name": "izin-perluasan", "emit": true]) }
        try fixture.rig.admin("siinas", .post, "events", ["scenario": "izin-perluasan", "id": "data-industri-dipenuhi"])
        let desk = fixture.rig.desk()
        desk.plan("I-20261217090000000000101", CasePlan(
            answers: [9: [.no]], attributes: [17: ["nomor_bap": "BAP/001/XII/2026", "hasil": hasil]], documents: [17]))
        let caseID = try #require(try fixture.cases().first?.field("id")?.text)
        var decided = 0
        while try fixture.detail(caseID).field("task")?.field("performer") == "officer", decided < 30 {
            decided += try desk.work().count
        }
        return caseID
    }

    /// A BAP upload SIINas refuses with a 400, which makes it a dead letter at once; returns its outbox id.
    static func deadBAPUpload(_ fixture: RigFixture) throws -> String {
        try fixture.rig.admin("siinas", .put, "faults", ["failFirst": 1, "errorStatus": 400, "paths": ["/api/v1/verifikasi-teknis/"]])
        let id = "\(try bapUploaded(fixture))/17/16/siinas.uploadBAP"
        #expect(Eventually.holds { (try? fixture.read { try $0.outbox.message(id) })??.state == .dead })
        return id
    }

    /// A Rekomendasi decided through step 8, which sends its letter to DPMPTSP; returns the letter's outbox id.
    static func recommendationLetter(_ fixture: RigFixture) throws -> String {
        try fixture.rig.admin("oss", .post, "scenario", ["name": "rekomendasi-izin-usaha-industri", "emit": true])
        let desk = fixture.rig.desk()
        desk.plan("I-20261217093000000000301", CasePlan(documents: [8]))
        var letter: OutboxMessage?
        for _ in 0..<40 where letter == nil {
            _ = try desk.work()
            letter = try fixture.read { try $0.outbox.list(limit: 100) }.first { $0.target == "dpmptsp" }
        }
        return try #require(letter).id
    }

    @Test(.enabled(if: ExternalProcess.exists("python3") && ExternalProcess.exists("openssl")))
    func anUntrustedCertificateMakesADeadLetterSayingTLSAndTheSystemsCAFileLetsItThrough() throws {
        let folder = try TemporaryFolder()
        let authority = try TestCertificateAuthority(in: folder)
        let journal = folder.path("received")
        let letterBox = try ScriptedServer.tls(authority, journal: journal)
        let https = ["GERBANG_SYSTEMS_DPMPTSP_URL": "https://127.0.0.1:\(letterBox.port)"]

        let untrusted = try RigFixture(overrides: https)
        let refused = try Self.recommendationLetter(untrusted)
        #expect(Eventually.holds { (try? untrusted.read { try $0.outbox.message(refused) })??.state == .dead })
        let dead = try #require(try untrusted.read { try $0.outbox.message(refused) })
        #expect(dead.attempts == 1 && dead.lastError?.hasPrefix("TLS with https://127.0.0.1:\(letterBox.port)") == true)
        #expect((try? String(contentsOfFile: journal, encoding: .utf8)) == nil)  // nothing reached the server

        let trusted = try RigFixture(overrides: https.merging(["GERBANG_SYSTEMS_DPMPTSP_CA_FILE": authority.caFile]) { $1 })
        let accepted = try Self.recommendationLetter(trusted)
        #expect(Eventually.holds { (try? trusted.read { try $0.outbox.message(accepted) })??.state == .delivered })
        let received = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        #expect(received == ["/api/v1/surat-masuk"])
    }

    @Test func aBAPUploadFailingThreeTimesIsRetriedAndArrivesOnce() throws {
        let fixture = try RigFixture()
        try fixture.rig.admin("siinas", .put, "faults", ["failFirst": 3, "errorStatus": 503, "paths": ["/api/v1/verifikasi-teknis/VT-2026-000101/bap"]])
        let caseID = try Self.bapUploaded(fixture)

        #expect(Eventually.holds {
            (try? fixture.read { try $0.outbox.message("\(caseID)/17/16/siinas.uploadBAP") })??.state == .delivered
        })
        let attempts = fixture.received("siinas", "/api/v1/verifikasi-teknis/VT-2026-000101/bap")
        #expect(attempts.map(\.status) == [503, 503, 503, 201])
        #expect(attempts.filter(\.applied).count == 1)
        // Before each resend the gateway read the request back: a 503 may come from a proxy after SIINas did the work.
        let asked = fixture.rig.mock("siinas").context.journal.entries(direction: .received, pathPrefix: "/api/v1/verifikasi-teknis/VT-2026-000101")
            .filter { $0.method == "GET" }
        #expect(asked.count == 3)
        #expect(Set(attempts.compactMap { $0.header("Idempotency-Key") }) == ["\(caseID)/17/16/siinas.uploadBAP"])
        let outcomes = try fixture.read { try $0.syncLog.list(.init(system: "siinas")) }.filter { $0.method == "siinas.uploadBAP" }.map(\.outcome)
        #expect(outcomes == ["queued", "retrying", "retrying", "retrying", "delivered"])
        // SIINas then issued its Berita Acara and told OSS; the case ends with the permit effective.
        #expect(Eventually.holds { (try? fixture.detail(caseID).field("task")?.field("outcome")) == "approved" })
        #expect(try fixture.detail(caseID).field("permits")?.array?.first?.field("effectiveness") == "effective")
    }

    @Test func aRefusedMessageGoesStraightToTheDeadLettersAndCanBeReplayed() throws {
        let fixture = try RigFixture()
        let id = try Self.deadBAPUpload(fixture)
        let dead = try #require(try fixture.read { try $0.outbox.message(id) })
        #expect(dead.attempts == 1 && dead.lastStatus == 400)
        let logged = try fixture.read { try $0.syncLog.list(.init(system: "siinas", failedOnly: true)) }
        #expect(logged.map(\.outcome) == ["dead"])
        #expect(logged.first?.error?.contains("retrying cannot fix") == true)

        _ = try fixture.rig.gateway.runtime.write { unit in try unit.database.outbox.replay(id, at: unit.now) }
        fixture.rig.gateway.runtime.nudge(.dispatch("siinas"))
        #expect(Eventually.holds { (try? fixture.read { try $0.outbox.message(id) })??.state == .delivered })
        #expect(fixture.received("siinas", "/api/v1/verifikasi-teknis/VT-2026-000101/bap").filter(\.applied).count == 1)
    }

    @Test func aDeadPermitNumberHoldsReadyForPickupUntilItIsReplayedThenBothArriveInOrder() throws {
        // Three attempts in all: the permit number dies of SIPRO's three 503s.
        let fixture = try RigFixture(overrides: ["GERBANG_SYSTEMS_SIPRO_RETRY_DELAYS_SECONDS": "[0.05, 0.05]"])
        let registration = "/api/v1/permohonan/SIPRO%2FINS%2F2026%2F0001"
        try fixture.rig.admin("sipro", .put, "faults", ["failFirst": 3, "errorStatus": 503, "paths": [.string(registration + "/nomor-izin")]])
        try fixture.rig.admin("sipro", .post, "scenario", ["name": "izin-insidentil", "emit": true])
        let desk = fixture.rig.desk()
        desk.plan("SIPRO/INS/2026/0001", CasePlan())
        func message(_ kind: String) -> OutboxMessage? {
            (try? fixture.read { try $0.outbox.list(limit: 100) })?.first { $0.kind == kind && $0.request.path.hasPrefix(registration) }
        }
        #expect(Eventually.holds {
            _ = try? desk.work()
            return message("sipro.readyForPickup")?.state == .held
        })
        let dead = try #require(message("sipro.permitNumber"))
        #expect(dead.state == .dead && dead.attempts == 3 && dead.lastStatus == 503)
        #expect(message("sipro.readyForPickup")?.heldBehind == dead.id)
        #expect(fixture.received("sipro", registration + "/siap-diambil").isEmpty)  // never sent ahead of its number

        let replay = try JSONValue.decode(Data(fixture.rig.api(.post, "/api/outbox/\(dead.id.percentEncodedSegment)/retry").requireSuccess().body))
        #expect(replay.field("replayed") == 1 && replay.field("released") == 1)

        #expect(Eventually.holds { message("sipro.readyForPickup")?.state == .delivered })
        let applied = fixture.received("sipro", registration).filter(\.applied).map(\.target)
        #expect(applied.filter { $0.hasSuffix("/nomor-izin") || $0.hasSuffix("/siap-diambil") }
                == [registration + "/nomor-izin", registration + "/siap-diambil"])
        #expect(fixture.received("sipro", registration + "/siap-diambil").map(\.status) == [200])
    }

    /// The status pushes OSS took from the gateway (not SIINas's reports, which carry SIINas's kd_instansi).
    static func fromGateway(_ fixture: RigFixture) -> [JSONValue] {
        // receiveLicense and receiveLicenseStatus: the journal matches paths by their beginning.
        fixture.received("oss", "/v1/kl/rba/receiveLicense")
            .filter(\.applied)
            .compactMap { try? JSONValue.decode(Data($0.body.utf8)) }
            .compactMap { $0.field("IZINSTATUS") ?? $0.field("IZINFINAL") }
            .filter { $0.field("kd_instansi") != "999" }
    }

    @Test func aBusinessNotReadyEndsTheCaseNotEffectiveAndATechnicalAgencyLeavesItToSIINas() throws {
        let fixture = try RigFixture()
        let caseID = try Self.bapUploaded(fixture, hasil: "belum_siap")
        #expect(Eventually.holds { (try? fixture.detail(caseID).field("task")?.field("outcome")) == "notEffective" })
        let permit = try fixture.detail(caseID).field("permits")?.array?.first
        #expect(permit?.field("effectiveness") == "not_effective")
        // SOP 002 steps 18-19: SIINas told OSS (93); the Dinas sends OSS nothing of its own.
        #expect(fixture.received("oss", "/v1/kl/rba/receiveLicenseStatus").contains { $0.applied && $0.body.contains(#""kd_status":"93""#) })
        #expect(Self.fromGateway(fixture).isEmpty)
    }

    @Test func aLicensingAuthorityTakesTheNumberIssuesThePermitAndStep20ReadsItBack() throws {
        let fixture = try RigFixture(overrides: ["GERBANG_AGENCY_AUTHORITY": "licensing"])
        let caseID = try Self.bapUploaded(fixture)
        #expect(Eventually.holds { (try? fixture.detail(caseID).field("task")?.field("outcome")) == "approved" })
        let sent = Self.fromGateway(fixture)
        #expect(sent.map { $0.field("status_izin")?.text ?? "" } == ["49", "50"])
        let number = try #require(sent.last?.field("nomor_izin")?.text)
        #expect(!number.isEmpty && sent.first?.field("nomor_izin") == "")
        #expect(try fixture.detail(caseID).field("permits")?.array?.first?.field("nomorIzin")?.text == number)
    }

    @Test func aLicensingAuthorityReportsANotReadyBusinessAs52() throws {
        let fixture = try RigFixture(overrides: ["GERBANG_AGENCY_AUTHORITY": "licensing"])
        let caseID = try Self.bapUploaded(fixture, hasil: "belum_siap")
        #expect(Eventually.holds { (try? fixture.detail(caseID).field("task")?.field("outcome")) == "notEffective" })
        #expect(Eventually.holds { Self.fromGateway(fixture).map { $0.field("kd_status")?.text ?? "" } == ["52"] })
    }

    @Test func aPermitOSSApprovedByItselfIsMarkedFiktifPositifOnThePermitThePageAndTheAPI() throws {
        let fixture = try RigFixture()
        for system in ["oss", "siinas"] { try fixture.rig.admin(system, .post, "scenario", ["name": "izin-perluasan", "emit": true]) }
        let caseID = try #require(try fixture.cases().first?.field("id")?.text)
        let idIzin = "I-20261217090000000000101"
        // The statutory time ran out: OSS approves by itself (57); the agency learns it by asking (checkLicenseStatus).
        try fixture.rig.admin("oss", .post, "events", ["type": "status", "target": .string(idIzin), "data": ["kd_status": "57"]])
        #expect(Eventually.holds {
            (try? fixture.detail(caseID).field("permits")?.array?.first?.field("approvedByOSSAt")?.text) != nil
        })
        let page = String(decoding: try fixture.rig.api(.get, "/kasus/\(caseID)").body, as: UTF8.self)
        #expect(page.contains("data-field=\"approvedByOSS\""))
        let logged = try fixture.read { try $0.syncLog.list(.init(system: "oss")) }.filter { $0.method == "checkLicenseStatus" }
        #expect(logged.contains { $0.outcome == "warning" && $0.error?.contains("fiktif positif") == true })
    }

    /// A Verifikasi Teknis decided through step 8 with its letter attached; returns the case id.
    static func letterSent(_ fixture: RigFixture) throws -> String {
        for system in ["oss", "siinas"] {
            try fixture.rig.admin(system, .post, "scenario", ["name": "verifikasi-teknis-izin-usaha-industri", "emit": true])
        }
        let desk = fixture.rig.desk()
        desk.plan("I-20261217091500000000201", CasePlan(documents: [8]))
        let caseID = try #require(try fixture.cases().first?.field("id")?.text)
        var decided = 0
        while try fixture.detail(caseID).field("task")?.field("performer") == "officer", decided < 30 {
            decided += try desk.work().count
        }
        return caseID
    }

    @Test func sop000Step8sLetterReachesOSSAsALinkToItsPDFAndTheUnseenDownloadEndsTheCase() throws {
        let fixture = try RigFixture()
        let caseID = try Self.letterSent(fixture)
        #expect(Eventually.holds { Self.fromGateway(fixture).count == 1 })
        let pushed = try #require(Self.fromGateway(fixture).first)
        #expect(pushed.field("kd_status") == "45")
        // Files travel as URLs (oss-rba.md §1.8): OSS fetches the letter the officer attached, byte for byte.
        let link = try #require(pushed.field("file_lampiran")?.text)
        let fetched = try HTTPClient().get(link)
        #expect(fetched.status == .ok && fetched.headers["Content-Type"] == "application/pdf")
        #expect(Data(fetched.body) == OfficerDesk.paper(caseID: caseID, step: 8).bytes)
        // The link is the capability: a guessed token finds nothing, and says nothing.
        let guessed = try HTTPClient().get(fixture.rig.gateway.url + "/berkas/" + String(repeating: "0", count: 48))
        #expect(guessed.status == .notFound)
        // Shown as itself, never as a page of the gateway's; and its link is kept by the token's hash alone.
        #expect(fetched.headers["Content-Security-Policy"] == "frame-ancestors 'none'" && fetched.headers["X-Frame-Options"] == "DENY")
        #expect(fetched.headers["X-Content-Type-Options"] == "nosniff")
        let token = String(link.split(separator: "/").last ?? "")
        #expect(try fixture.read { try $0.documents.isLink(tokenHash: Digest.sha256Hex(Array(token.utf8))) })
        #expect(try fixture.read { try $0.documents.unhashedLinkTokens() }.isEmpty)

        // Step 9 (the applicant downloads the letter) is seen by no system: the case ends there, marked so.
        #expect(try fixture.detail(caseID).field("task")?.field("outcome") == "approved")
        let page = String(decoding: try fixture.rig.api(.get, "/kasus/\(caseID)").body, as: UTF8.self)
        #expect(page.contains("data-step=\"9\"") && page.contains("data-field=\"unobservable\""))
    }

    @Test func aDocumentNameCannotAddHeadersToTheAnswerOfItsLink() throws {
        let fixture = try RigFixture(services: false)
        // A name kept before names were checked: the header still carries it encoded, never raw.
        let name = "surat.pdf\r\nContent-Length: 0\r\nSet-Cookie: gerbang_sesi=x; Path=/"
        try fixture.rig.gateway.runtime.write { unit in
            try unit.database.documents.save(.init(id: "d-1", caseID: nil, step: nil, name: name, contentType: "application/pdf", sha256: "-",
                                                   bytes: Array("%PDF-1.4\n".utf8), createdAt: unit.now))
            try unit.database.documents.link("d-1", tokenHash: Digest.sha256Hex(Array(String(repeating: "c", count: 48).utf8)), at: unit.now,
                                             expiresAt: unit.now + 3600)
        }
        let fetched = try HTTPClient().get(fixture.rig.gateway.url + "/berkas/" + String(repeating: "c", count: 48))
        #expect(fetched.status == .ok && fetched.headers["Set-Cookie"] == nil && fetched.body == Array("%PDF-1.4\n".utf8))
        #expect(fetched.headers["Content-Disposition"]
            == #"inline; filename="surat.pdf__Content-Length: 0__Set-Cookie: gerbang_sesi=x_ Path=/"; "#
            + "filename*=UTF-8''surat.pdf%0D%0AContent-Length%3A%200%0D%0ASet-Cookie%3A%20gerbang_sesi%3Dx%3B%20Path%3D%2F")
    }

    /// No shipped SOP queues a second OSS message for a case before the first is delivered (49 and 50 are
    /// chained by delivery), but an agency's SOP may: two status pushes for the finished SOP 000 case,
    /// queued as the processor queues them, the first refused by OSS.
    @Test func aDeadOSSStatusHoldsTheCasesNextOSSMessageUntilItIsReplayed() throws {
        let fixture = try RigFixture()
        let caseID = try Self.letterSent(fixture)
        #expect(Eventually.holds { Self.fromGateway(fixture).count == 1 })
        let letter = try #require(try fixture.read { try $0.outbox.list(caseID: caseID) }.first { $0.target == "oss" })
        try fixture.rig.admin("oss", .put, "faults", ["failFirst": 1, "errorStatus": 400, "paths": ["/v1/kl/rba/receiveLicenseStatus"]])
        try fixture.rig.gateway.runtime.write { unit in
            // A status other than the one OSS holds, then 45 again: the replay's checkLicenseStatus sees 12 not applied.
            for (id, status) in [("first", "12"), ("second", "45")] {
                let body = letter.request.body.replacingOccurrences(of: #""kd_status":"45""#, with: #""kd_status":"\#(status)""#)
                try unit.database.outbox.enqueue(OutboxMessage(
                    id: "\(caseID)/\(id)", idempotencyKey: "\(caseID)/\(id)", target: "oss", kind: letter.kind, caseID: caseID,
                    idIzin: letter.idIzin, request: .init(method: "POST", path: letter.request.path, body: body), createdAt: unit.now))
            }
        }
        fixture.rig.gateway.runtime.nudge(.dispatch("oss"))
        func state(_ id: String) -> OutboxMessage? { (try? fixture.read { try $0.outbox.message("\(caseID)/\(id)") }) ?? nil }
        #expect(Eventually.holds { state("second")?.state == .held })
        #expect(state("first")?.state == .dead && state("second")?.heldBehind == "\(caseID)/first")
        #expect(Self.fromGateway(fixture).count == 1)  // nothing more reached OSS

        let replay = try JSONValue.decode(Data(fixture.rig.api(.post, "/api/outbox/\("\(caseID)/first".percentEncodedSegment)/retry").requireSuccess().body))
        #expect(replay.field("released") == 1)
        #expect(Eventually.holds { state("second")?.state == .delivered })
        let received = fixture.received("oss", "/v1/kl/rba/receiveLicenseStatus")
        #expect(received.map(\.status) == [200, 400, 200, 200])
        // The letter's 45, then the replayed 12, then the 45 held behind it: in the order they were queued.
        #expect(Self.fromGateway(fixture).map { $0.field("kd_status")?.text ?? "" } == ["45", "12", "45"])
    }
}
