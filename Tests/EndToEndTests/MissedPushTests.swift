import Foundation
import GatewayCore
import GatewayDemo
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import NationalSystems
import Testing

/// What OSS pushed and the gateway never got is caught up by pulling (PIA 4.3.16 left no other way):
/// inqueryNIB for NIBs, inqueryFileDS for signed permits, checkNIB before a new NIB opens cases.
@Suite struct MissedPushTests {
    let nib = "8120000110001", idIzin = "I-20261217090000000000101"

    /// The scenario's NIB as OSS holds it, with some fields changed.
    func heldNIB(_ changes: [String: JSONValue]) throws -> JSONValue {
        let delivered = try #require(try JSONValue.decode(RepositoryFiles.read("fixtures/scenarios/izin-perluasan.json"))
            .field("oss")?.field("nibs")?.array?.first)
        return delivered.merging(.object(changes))
    }

    /// OSS holds this NIB now, without pushing it (a push lost on the way, as far as the gateway can tell).
    func ossHolds(_ fixture: RigFixture, _ dataNIB: JSONValue) throws {
        try fixture.rig.admin("oss", .post, "scenario", ["scenario": ["name": "diam", "oss": ["nibs": [dataNIB]], "events": []]])
    }

    @Test func aNIBWhosePushNeverArrivedIsPulledByAnOperatorAndItsLatePushIsNoDuplicate() throws {
        let fixture = try RigFixture()
        try fixture.rig.admin("oss", .post, "scenario", ["name": "izin-perluasan"])  // OSS has it; the gateway never heard
        let pulled = try JSONValue.decode(Data(fixture.rig.api(.post, "/api/oss/nibs/\(nib)/pull").requireSuccess().body))
        #expect(pulled.field("outcome") == "recovered" && pulled.field("cases")?.array?.count == 1)

        // The push arrives after all: the same NIB, one message, one case.
        let late = try JSONValue.decode(Data(fixture.rig.admin("oss", .post, "events", ["type": "receiveNIB", "target": .string(nib)]).body))
        #expect(late.field("deliveries")?.array?.first?.field("body")?.text?.contains("sudah diterima sebelumnya") == true)
        #expect(try fixture.cases().count == 1)
        #expect(try fixture.read { try $0.inbox.list() }.filter { $0.kind == "oss.receiveNIB" }.count == 1)
        let logged = try fixture.read { try $0.syncLog.list(.init(system: "oss")) }.map { "\($0.method) \($0.outcome)" }
        #expect(logged.contains("inqueryNIB recovered") && logged.contains("receiveNIB duplicate"))
        // Unknown to OSS: a 404 naming it.
        #expect(try fixture.rig.api(.post, "/api/oss/nibs/8120009990009/pull").status == .notFound)
    }

    @Test func aRevocationWhosePushWasLostReachesTheCaseThroughThePeriodicPull() throws {
        let fixture = try RigFixture(overrides: ["GERBANG_POLLING_OSS_PULL_MILLISECONDS": "100"])
        try fixture.rig.admin("oss", .post, "scenario", ["name": "izin-perluasan", "emit": true])
        let caseID = try #require(try fixture.cases().first?.field("id")?.text)
        try ossHolds(fixture, try heldNIB(["tipe_dokumen": "3"]))
        #expect(Eventually.holds { (try? fixture.detail(caseID).field("task")?.field("outcome")) == "revoked" })
    }

    @Test func aSignedPermitWhoseReceiveFileDSNeverCameIsFetchedWithInqueryFileDS() throws {
        let fixture = try RigFixture(overrides: ["GERBANG_AGENCY_AUTHORITY": "licensing", "GERBANG_POLLING_OSS_PULL_MILLISECONDS": "100"])
        let caseID = try OutboundTests.bapUploaded(fixture)  // the licence goes to OSS, which signs it and pushes nothing (autoFileDS off)
        #expect(Eventually.holds {
            (try? fixture.detail(caseID).field("permits")?.array?.first?.field("fileDS")?.text) == fixture.rig.mock("oss").url + "/files/ds/\(idIzin).pdf"
        })
        let logged = try fixture.read { try $0.syncLog.list(.init(system: "oss")) }
        #expect(logged.contains { $0.method == "inqueryFileDS" && $0.outcome == "recovered" })
    }

    @Test func aNewNIBIsCheckedWithOSSOnlyAfterItsPushIsAnsweredAndOneRevokedMeanwhileEndsItsCaseRevoked() throws {
        let fixture = try RigFixture()
        try ossHolds(fixture, try heldNIB(["status_nib": "06"]))
        // A stale push: it still says 02 (aktif); checkNIB says 06 (dicabut).
        try fixture.rig.admin("oss", .post, "events", ["type": "receiveNIB", "target": .string(nib), "data": ["sent": ["status_nib": "02"]]])
        let caseID = try #require(try fixture.cases().first?.field("id")?.text)
        #expect(Eventually.holds { (try? fixture.detail(caseID).field("task")?.field("outcome")) == "revoked" })

        // OSS's side: the push was answered 200, and OSS was asked checkNIB once. (Which came first the mock cannot tell:
        // it journals a push when it has read the answer, and the check may arrive on another connection before that.)
        let journal = fixture.rig.mock("oss").context.journal
        let push = try #require(journal.entries(direction: .sent, pathPrefix: "/receiveNIB").first)
        #expect(push.status == 200 && journal.entries(direction: .received, pathPrefix: "/checkNIB").count == 1)
        let logged = try fixture.read { try $0.syncLog.list(.init(system: "oss")) }
        #expect(logged.contains { $0.method == "checkNIB" && $0.caseID == caseID && $0.error?.contains("OSS says 06 now") == true })
        #expect(logged.contains { $0.method == "checkNIB" && $0.caseID == caseID && $0.outcome == "revoked" })
    }
}
