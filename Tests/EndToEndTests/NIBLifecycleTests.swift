import Foundation
import GatewayCore
import GatewayDemo
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import NationalSystems
import Testing

/// What OSS says of a NIB itself (PIA receiveNIB: tipe_dokumen 3, 4, 5; status_nib 05, 06, Lampiran 14) reaches the
/// cases of its permits: revoked and cancelled end them, frozen holds them, an update is recorded field by field.
@Suite struct NIBLifecycleTests {
    let idIzin = "I-20261217090000000000101"

    /// The scenario's NIB as OSS delivered it, with some fields changed: a PIA-shaped later delivery.
    func nib(_ changes: [String: JSONValue]) throws -> JSONValue {
        let delivered = try #require(try JSONValue.decode(RepositoryFiles.read("fixtures/scenarios/izin-perluasan.json"))
            .field("oss")?.field("nibs")?.array?.first)
        return delivered.merging(.object(changes))
    }

    /// OSS pushes a receiveNIB with this dataNIB.
    func push(_ fixture: RigFixture, _ dataNIB: JSONValue) throws {
        try fixture.rig.admin("oss", .post, "events", ["type": "receiveNIB", "data": ["dataNIB": dataNIB]])
    }

    func caseStatus(_ fixture: RigFixture, _ caseID: String) throws -> String? {
        try fixture.detail(caseID).field("case")?.field("status")?.text
    }

    @Test func aRevokedNIBEndsItsCaseRevokedCancelsWhatWasNotSentAndOpensNothing() throws {
        let fixture = try RigFixture()
        _ = try fixture.rig.api(.post, "/api/systems/siinas/pause", body: Array(#"{"note": "uji"}"#.utf8)).requireSuccess()
        let caseID = try OutboundTests.bapUploaded(fixture)  // the BAP upload waits in the outbox: SIINas is paused
        let upload = "\(caseID)/17/16/siinas.uploadBAP"
        #expect(try fixture.read { try $0.outbox.message(upload) }?.state == .pending)

        try push(fixture, try nib(["tipe_dokumen": "3"]))
        #expect(Eventually.holds { (try? fixture.detail(caseID).field("task")?.field("outcome")) == "revoked" })
        let cancelled = try #require(try fixture.read { try $0.outbox.message(upload) })
        #expect(cancelled.state == .cancelled && cancelled.lastError?.contains("tipe_dokumen 3") == true)
        #expect(try fixture.cases().count == 1)
        // Resumed, SIINas gets nothing: the dispatcher sends only what is pending.
        _ = try fixture.rig.api(.post, "/api/systems/siinas/resume").requireSuccess()
        #expect(try fixture.read { try $0.outbox.list(state: .pending) }.isEmpty)
        let page = String(decoding: try fixture.rig.api(.get, "/kasus/\(caseID)").body, as: UTF8.self)
        #expect(page.contains("data-outcome=\"revoked\"") && page.contains("NIB dicabut"))
        // Its permit is ended: no commitment left to settle, warn of or escalate, and OSS is no longer asked about it.
        let permit = try #require(try fixture.detail(caseID).field("permits")?.array?.first)
        #expect(permit.field("effectiveness") == "ended" && permit.field("reason")?.text?.contains("tipe_dokumen 3") == true)
        #expect(page.contains("tidak diproses lagi"))
    }

    @Test func aRevocationOfANIBNoCaseIsAboutIsKeptAndLogged() throws {
        let fixture = try RigFixture()
        try fixture.rig.admin("oss", .post, "scenario", ["name": "izin-perluasan"])
        try push(fixture, try nib(["tipe_dokumen": "4", "nib": "8120009990009"]))
        #expect(try fixture.cases().isEmpty)
        #expect(try fixture.read { try $0.inbox.count() } == 1)
        let logged = try fixture.read { try $0.syncLog.list(.init(system: "oss")) }
        #expect(logged.contains { $0.outcome == "warning" && $0.error?.contains("8120009990009, which no case") == true })
    }

    @Test func aFrozenNIBHoldsTheCaseWithoutATaskUntilItIsActiveAgain() throws {
        let fixture = try RigFixture()
        for system in ["oss", "siinas"] { try fixture.rig.admin(system, .post, "scenario", ["name": "izin-perluasan", "emit": true]) }
        try fixture.rig.admin("siinas", .post, "events", ["scenario": "izin-perluasan", "id": "data-industri-dipenuhi"])
        let caseID = try #require(try fixture.cases().first?.field("id")?.text)
        #expect(Eventually.holds { (try? fixture.detail(caseID).field("task")?.field("performer")) == "officer" })
        let role = try #require(try fixture.detail(caseID).field("task")?.field("role")?.text)

        // The statutory clock started when the file reached the Dinas (SOP 002 step 4).
        func clock() throws -> JSONValue? { try fixture.detail(caseID).field("permits")?.array?.first?.field("commitments")?.array?.last }
        #expect(try clock()?.field("clockStartedAt")?.text != nil)
        #expect(try clock()?.field("pausedAt")?.text == nil)

        try push(fixture, try nib(["tipe_dokumen": "5", "status_nib": "05"]))
        #expect(try caseStatus(fixture, caseID) == "frozen")
        #expect(try clock()?.field("pausedAt")?.text != nil)  // the frozen time is not the agency's
        let tasks = try JSONValue.decode(Data(fixture.rig.api(.get, "/api/tasks?role=\(role)").body))
        #expect(tasks.field("tasks")?.array?.contains { $0.field("id")?.text == caseID } == false)
        #expect(String(decoding: try fixture.rig.api(.get, "/kasus/\(caseID)").body, as: UTF8.self).contains("data-field=\"frozen\""))

        try push(fixture, try nib(["tipe_dokumen": "5", "status_nib": "02"]))
        #expect(try caseStatus(fixture, caseID) == "active")
        #expect(try clock()?.field("pausedAt")?.text == nil)
        let again = try JSONValue.decode(Data(fixture.rig.api(.get, "/api/tasks?role=\(role)").body))
        #expect(again.field("tasks")?.array?.contains { $0.field("id")?.text == caseID } == true)
    }

    @Test func anUpdatedNIBShowsEachChangedFieldOldAndNewOnTheCase() throws {
        let fixture = try RigFixture()
        try fixture.rig.admin("oss", .post, "scenario", ["name": "izin-perluasan", "emit": true])
        let caseID = try #require(try fixture.cases().first?.field("id")?.text)
        try push(fixture, try nib(["tipe_dokumen": "5", "nama_perseroan": "PT Sawit Makmur Kalbar Sejahtera"]))
        let history = try #require(try fixture.detail(caseID).field("case")?.field("history")?.array)
        let changed = try #require(history.last { $0.field("event") == "nibChanged" })
        #expect(changed.field("changes") == [["field": "nama_perseroan", "old": "PT Sawit Makmur Kalbar", "new": "PT Sawit Makmur Kalbar Sejahtera"]])
        #expect(try fixture.cases().count == 1)
    }
}
