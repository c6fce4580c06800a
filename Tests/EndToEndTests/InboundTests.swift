import Foundation
import GatewayCore
import GatewayDemo
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import NationalSystems
import Testing

/// What national systems push reaches the gateway once, whatever the network does to it.
@Suite struct InboundTests {
    @Test func aDuplicateNIBPushGivesOneCaseAndIsAnsweredAsSuccess() throws {
        let fixture = try RigFixture()
        try fixture.rig.admin("oss", .post, "scenario", ["name": "izin-perluasan"])
        let first = try fixture.rig.admin("oss", .post, "events", ["scenario": "izin-perluasan", "id": "nib"])
        // OSS sends it again, this time with the quirks of the real OSS: "-" placeholders and "tipe_dokumen ".
        try fixture.rig.admin("oss", .put, "quirks", ["dashPlaceholders": true, "trailingSpaceKey": true])
        let again = try fixture.rig.admin("oss", .post, "events", ["scenario": "izin-perluasan", "id": "nib"])

        for push in [first, again] {
            let reply = try JSONValue.decode(Data(push.body)).field("deliveries")?.array?.first
            #expect(reply?.field("status") == 200)
            #expect(reply?.field("body")?.text?.contains("\"status\":\"1\"") == true)
        }
        let cases = try fixture.cases()
        #expect(cases.count == 1)
        #expect(cases.first?.field("reference") == "I-20261217090000000000101")
        #expect(try fixture.read { try $0.inbox.count() } == 1)
        let outcomes = try fixture.read { try $0.syncLog.list(.init(system: "oss")) }.filter { $0.method == "receiveNIB" }.map(\.outcome)
        #expect(outcomes == ["accepted", "duplicate"])
    }

    @Test func aSIINasRequestBeforeItsNIBWaitsForTheCase() throws {
        let fixture = try RigFixture()
        try fixture.rig.admin("siinas", .post, "scenario", ["name": "izin-perluasan", "emit": true])
        #expect(try fixture.cases().isEmpty)
        #expect(try fixture.read { try $0.parked.count() } == 1)
        try fixture.rig.admin("oss", .post, "scenario", ["name": "izin-perluasan", "emit": true])
        let task = try #require(try fixture.cases().first)
        // The verification request (data industri not yet met) moved the new case from step 2 to step 3.
        #expect(task.field("step") == 3)
        #expect(task.field("awaits") == "siinas.industryDataFulfilled")
        #expect(try fixture.read { try $0.parked.count() } == 0)
    }

    func push(_ fixture: RigFixture, _ path: String, headers: HTTPHeaders, body: [UInt8]) throws -> ClientResponse {
        var fields = headers
        fields.set("Content-Type", "application/json")
        return try fixture.rig.client.send(ClientRequest(method: .post, url: fixture.rig.gateway.url + path, headers: fields, body: body))
    }

    func ossToken(_ nib: String) -> String {
        OSSToken.token(OSSCredentials(username: DevelopmentSecrets.ossUsername, password: DevelopmentSecrets.ossPassword), nib: nib, at: Date())
    }

    /// The database and its WAL, in bytes: what a flood of pushes would fill.
    func storedBytes(_ fixture: RigFixture) -> Int {
        let database = fixture.folder.path("gerbang.sqlite")
        return [database, database + "-wal"].reduce(0) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
    }

    @Test func aMalformedPushFromOSSIsRefusedInItsShapeAndKeptWithinACap() throws {
        let fixture = try RigFixture()
        let broken = Array(#"{"dataNIB": {"nib": "8120000110009", "data_checklist": ["#.utf8) + Array(repeating: UInt8(ascii: "7"), count: 200_000)
        let response = try push(fixture, "/oss/receiveNIB", headers: ["Token": ossToken("8120000110009")], body: broken)
        #expect(response.status == .badRequest)
        let reply = try JSONValue.decode(Data(response.body)).field("responreceiveNIB")
        #expect(reply?.field("status") == "2")

        let kept = try #require(try fixture.read { try $0.inbox.list(state: .rejected) }.first)
        #expect(Array(kept.body) == Array(broken.prefix(64 * 1024)))
        #expect(kept.error?.contains("\(broken.count) bytes") == true && kept.error?.contains(Digest.sha256Hex(broken)) == true)
        #expect(kept.headers.contains(["Token", "***"]))
        #expect(try fixture.cases().isEmpty)
        #expect(try fixture.read { try $0.syncLog.list(.init(failedOnly: true)) }.map(\.outcome) == ["rejected"])
    }

    @Test func aPushWithoutItsTokenOrSignatureIsRefusedBeforeItsBodyIsReadAndNothingOfItIsKept() throws {
        let fixture = try RigFixture()
        let before = storedBytes(fixture)
        // Bodies of megabytes that are no JSON, with no Token, a wrong one, or no NIB to check one against.
        let junk = Array(repeating: UInt8(ascii: "x"), count: 6 * 1024 * 1024)
        let wrong = Array(#"{"dataNIB": {"nib": "8120000110001", "x": ""#.utf8) + junk + Array(#""}}"#.utf8)
        let noToken = try push(fixture, "/oss/receiveNIB", headers: [:], body: junk)
        #expect(noToken.status == .badRequest)
        #expect(try JSONValue.decode(Data(noToken.body)).field("responreceiveNIB")?.field("keterangan")?.text?.contains("nib") == true)
        let refused = try push(fixture, "/oss/receiveNIB", headers: ["Token": String(repeating: "0", count: 40)], body: wrong)
        #expect(refused.status == .unauthorized)
        #expect(try JSONValue.decode(Data(refused.body)).field("responreceiveNIB")?.field("status") == "2")
        // A good Token for one NIB the body names does not carry a message about another.
        let smuggled = Array(#"{"other": {"nib": "8120000110002"}, "dataNIB": {"nib": "8120000110003", "data_checklist": []}}"#.utf8)
        #expect(try push(fixture, "/oss/receiveNIB", headers: ["Token": ossToken("8120000110002")], body: smuggled).status == .unauthorized)
        let unsigned = try push(fixture, "/siinas/notifications", headers: ["X-SIINas-Signature": "sha256=00"], body: junk)
        #expect(unsigned.status == .unauthorized)

        #expect(try fixture.read { try $0.inbox.count() } == 0)
        #expect(try fixture.cases().isEmpty)
        #expect(storedBytes(fixture) - before < 1024 * 1024)
        // What operators see instead: each refusal, its size and hash, and where it came from.
        let logged = try fixture.read { try $0.syncLog.list(.init(failedOnly: true)) }
        #expect(logged.count == 4)
        #expect(logged.allSatisfy { $0.outcome == "rejected" && $0.error?.contains("not kept") == true && $0.messageID == "127.0.0.1" })
        #expect(logged.contains { $0.error?.contains("\(wrong.count) bytes, sha256 \(Digest.sha256Hex(wrong))") == true })
    }

    @Test func aTokenForOneNIBCannotRelabelAnotherNIBsPermitNorLinkAnythingButHTTPS() throws {
        let fixture = try RigFixture()
        try fixture.rig.admin("oss", .post, "scenario", ["name": "izin-perluasan", "emit": true])
        let caseID = try #require(try fixture.cases().first?.field("id")?.text)
        let idIzin = "I-20261217090000000000101"  // NIB 8120000110001's, the scenario's
        func fileDS(nib: String, url: String) throws -> ClientResponse {
            let body = JSONValue.object(["receiveFileDS": ["id_izin": .string(idIzin), "nib": .string(nib), "file_izin": .string(url)]])
            return try push(fixture, "/oss/receiveFileDS", headers: ["Token": ossToken(nib)], body: Array(body.encoded()))
        }
        let relabelled = try fileDS(nib: "8120000119999", url: "https://phish.example/izin.pdf")
        #expect(relabelled.status == .forbidden)
        #expect(try JSONValue.decode(Data(relabelled.body)).field("responreceiveFileDS")?.field("keterangan")?.text?.contains("another NIB") == true)
        let script = try fileDS(nib: "8120000110001", url: "javascript:alert(document.cookie)")
        #expect(script.status == .badRequest)
        #expect(try fixture.read { try $0.permits.permit(idIzin) }?.fileDS == nil)
        let page = String(decoding: try fixture.rig.api(.get, "/kasus/\(caseID)").body, as: UTF8.self)
        #expect(!page.contains("phish.example") && !page.contains("javascript:"))
        #expect(try fixture.read { try $0.inbox.list(state: .rejected) }.count == 2)

        #expect(try fileDS(nib: "8120000110001", url: "https://oss.go.id/ds/izin.pdf").status == .ok)
        #expect(try fixture.read { try $0.permits.permit(idIzin) }?.fileDS == "https://oss.go.id/ds/izin.pdf")
    }

    @Test func aSignedSIINasPushFromLongAgoIsRefusedAsAReplayAndOneFromNowTaken() throws {
        let fixture = try RigFixture()
        func notify(_ id: String, occurredAt: String?) throws -> ClientResponse {
            var fields: [String: JSONValue] = ["id": .string(id), "type": "data_industri.dipenuhi", "id_izin": "I-20261217090000000000101"]
            if let occurredAt { fields["occurred_at"] = .string(occurredAt) }
            let body = Array(JSONValue.object(fields).encoded())
            let signature = try #require(SIINasSignature.sign(body, secret: DevelopmentSecrets.siinasSigningSecret))
            return try push(fixture, "/siinas/notifications", headers: [SIINasSignature.header: signature], body: body)
        }
        let old = try notify("SIINAS-N-2019", occurredAt: "2019-03-01T10:00:00+07:00")
        #expect(old.status == .badRequest && String(decoding: old.body, as: UTF8.self).contains("occurred_at"))
        #expect(try notify("SIINAS-N-LATER", occurredAt: JakartaTime.iso(Date().addingTimeInterval(20 * 60))).status == .badRequest)
        #expect(try notify("SIINAS-N-UNDATED", occurredAt: nil).status == .badRequest)
        #expect(try fixture.read { try $0.inbox.list(state: .rejected) }.count == 3)  // signed, so kept for operators
        #expect(try notify("SIINAS-N-NOW", occurredAt: JakartaTime.iso(Date().addingTimeInterval(-60))).status == .ok)
    }

    @Test func nearMidnightTheNextDaysTokenIsAcceptedButNotYesterdaysNorOneFromTwoDaysAway() throws {
        // 23:50 in Jakarta: OSS's clock may already be past midnight (oss-rba.md §1.3), ours not yet.
        let tenToMidnight = try #require(ISO8601DateFormatter().date(from: "2026-12-17T23:50:00+07:00"))
        let fixture = try RigFixture(services: false, clock: FixedTime(tenToMidnight))
        let credentials = OSSCredentials(username: DevelopmentSecrets.ossUsername, password: DevelopmentSecrets.ossPassword)
        let today = LocalDate.of(tenToMidnight, in: OSSToken.zone).date
        func push(nib: String, tokenDay offset: Int) throws -> ClientResponse {
            let body = Array(#"{"dataNIB": {"nib": "\#(nib)", "data_checklist": []}}"#.utf8)
            let token = OSSToken.token(credentials, nib: nib, on: today.adding(days: offset))
            return try fixture.rig.client.send(ClientRequest(method: .post, url: fixture.rig.gateway.url + "/oss/receiveNIB",
                                                             headers: ["Content-Type": "application/json", "Token": token], body: body))
        }
        #expect(try push(nib: "8120000990001", tokenDay: 0).status == .ok)
        #expect(try push(nib: "8120000990002", tokenDay: 1).status == .ok)
        #expect(try push(nib: "8120000990003", tokenDay: -1).status == .unauthorized)
        #expect(try push(nib: "8120000990004", tokenDay: 2).status == .unauthorized)
    }

    /// SOP 004: the agency's part ends with the Kadis's signature (step 7), so OSS hears the permit's commitment met then, in
    /// the authority's codes (45; 49 and 50), while step 8 waits for the applicant's upload. A licensing authority's 50 is
    /// final, yet the gateway keeps asking OSS about the permit until the upload shows.
    @Test(arguments: [("technical", ["45"]), ("licensing", ["49", "50"])])
    func sop004SettlesTheAgencysCommitmentAtItsLastStepAndStep8IsCompletedByTheUploadOSSShows(authority: String, codes: [String]) throws {
        let fixture = try RigFixture(overrides: ["GERBANG_AGENCY_AUTHORITY": authority])
        let idIzin = "I-20261217094500000000401"
        try fixture.rig.admin("oss", .post, "scenario", ["name": "verifikasi-nib", "emit": true])
        let caseID = try #require(try fixture.cases().first?.field("id")?.text)
        let desk = fixture.rig.desk()
        var decided = 0
        while try fixture.detail(caseID).field("task")?.field("performer") == "officer", decided < 30 {
            decided += try desk.work().count
        }
        #expect(try fixture.detail(caseID).field("task")?.field("step") == 8)
        // OSS's own journal: the agency's codes for the permit, before the applicant did anything.
        #expect(Eventually.holds {
            OutboundTests.fromGateway(fixture).filter { $0.field("id_izin")?.text == idIzin }.compactMap { ($0.field("kd_status") ?? $0.field("status_izin"))?.text } == codes
        })
        #expect(try fixture.detail(caseID).field("permits")?.array?.first?.field("effectiveness") == "effective")

        // OSS pushes its signed permit (PIA receiveFileDS): kept with the permit, but it is not the applicant's upload.
        try fixture.rig.admin("oss", .post, "events", ["type": "receiveFileDS", "target": .string(idIzin)])
        #expect(Eventually.holds {
            (try? fixture.detail(caseID).field("permits")?.array?.first?.field("fileDS")?.text)?.contains(idIzin) == true
        })
        #expect(try fixture.detail(caseID).field("task")?.field("step") == 8)

        // The applicant uploads the recommendation into OSS; checkLicenseStatus shows it (file_lampiran) and step 8 is done.
        try fixture.rig.admin("oss", .post, "events", ["type": "status", "target": .string(idIzin), "data": ["file_lampiran": "upload"]])
        #expect(Eventually.holds { (try? fixture.detail(caseID).field("task")?.field("outcome")) == "approved" })
        let shown = try fixture.read { try $0.inbox.list() }.filter { $0.dedupKey.hasPrefix("oss:lampiran:") }
        #expect(shown.count == 1)
        if authority == "licensing" {
            // Nothing is awaited of the permit any more: its final status keeps it from being asked about again.
            #expect(try fixture.read { try $0.permits.dueForOSSCheck(dueBy: .distantFuture, limit: 10) }.isEmpty)
        }
    }

    @Test func checklistItemsOSSIssuesItselfCopiesAndOtherRegionsOpenNoCaseAndAreLoggedAsNotOurs() throws {
        let fixture = try RigFixture()
        let delivered = try #require(try JSONValue.decode(RepositoryFiles.read("fixtures/scenarios/izin-perluasan.json"))
            .field("oss")?.field("nibs")?.array?.first)
        let own = try #require(delivered.field("data_checklist")?.array?.first?.object)
        func item(_ id: String, _ changes: [String: JSONValue]) -> JSONValue {
            .object(own.merging(["id_izin": .string(id)]) { $1 }.merging(changes) { $1 })
        }
        // Lampiran 28 O (Otomatis Terbit) and T (Tembusan), and a permit located in Kabupaten Bogor (3201), beside the agency's own.
        let dataNIB = delivered.merging(["data_checklist": [
            .object(own), item("I-20261217090000000000102", ["flag_checklist": "O"]), item("I-20261217090000000000103", ["flag_checklist": "T"]),
            item("I-20261217090000000000104", ["kd_daerah": "3201000000"]),
        ]])
        try fixture.rig.admin("oss", .post, "events", ["type": "receiveNIB", "data": ["dataNIB": dataNIB]])
        #expect(try fixture.cases().map { $0.field("reference")?.text } == ["I-20261217090000000000101"])
        let left = try fixture.read { try $0.syncLog.list(.init(system: "oss")) }.filter { $0.outcome == "notOurs" }
        #expect(Set(left.compactMap(\.idIzin)) == ["I-20261217090000000000102", "I-20261217090000000000103", "I-20261217090000000000104"])
    }
}
