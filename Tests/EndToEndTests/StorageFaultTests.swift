import Foundation
import GatewayCore
import GatewayDaemon
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import MockNationalSystems
import NationalSystems
import Testing

/// A database that cannot take writes (disk full, locked by another process, read-only): senders get 503
/// in their own format, nothing is acknowledged that was not kept, the sync log and /readyz say so, and
/// once the fault clears the next delivery is kept, without an operator.
@Suite struct StorageFaultTests {
    let nib = "8120000440004"

    func fixture() throws -> RigFixture {
        let folder = try TemporaryFolder()
        return try RigFixture(overrides: ["GERBANG_SYNC_LOG_FILE": folder.path("sync-log.jsonl")], in: folder)
    }

    /// Runs SQL on the gateway's own writer connection (a PRAGMA that changes how it writes).
    func onTheWriter(_ fixture: RigFixture, _ sql: String) throws {
        try fixture.rig.gateway.runtime.write { unit in _ = try unit.database.connection.firstText(sql) }
    }

    /// OSS pushes the verifikasi-nib scenario's NIB; the gateway's answer, as OSS got it (status and body).
    func pushNIB(_ fixture: RigFixture) throws -> (status: Int?, body: String) {
        let pushed = try JSONValue.decode(Data(fixture.rig.admin("oss", .post, "events", ["type": "receiveNIB", "target": .string(nib)]).body))
        let delivery = pushed.field("deliveries")?.array?.first
        return (delivery?.field("status")?.text.flatMap(Int.init), delivery?.field("body")?.text ?? "")
    }

    /// The file may not grow any more, and its pages are full: a full disk, as SQLite sees it (SQLITE_FULL).
    func fillTheDisk(_ fixture: RigFixture) throws {
        try onTheWriter(fixture, "CREATE TABLE IF NOT EXISTS test_filler (x BLOB)")
        let pages = try fixture.read { try $0.connection.firstText("PRAGMA page_count") } ?? "1"
        try onTheWriter(fixture, "PRAGMA max_page_count = \(pages)")
        // Ever smaller rows, until not even a tiny one fits: no page keeps room for the gateway's next row.
        for size in [2000, 400, 60, 1] {
            var filled = false
            for _ in 0..<5_000 where !filled {
                do {
                    try fixture.rig.gateway.runtime.write { unit in _ = try unit.database.connection.run("INSERT INTO test_filler VALUES (zeroblob(\(size)))") }
                } catch is StorageFault {
                    filled = true
                }
            }
            if !filled { Issue.record("rows of \(size) bytes never filled the database") }
        }
    }

    func readiness(_ fixture: RigFixture) throws -> ClientResponse {
        try fixture.rig.api(.get, "/readyz")
    }

    func syncLog(_ fixture: RigFixture) throws -> String {
        (try? String(contentsOfFile: fixture.folder.path("sync-log.jsonl"), encoding: .utf8)) ?? ""
    }

    @Test func aFullDiskIsAnswered503InOSSsFormatAndTheNextPushAfterItClearsIsKept() throws {
        let fixture = try fixture()
        try fixture.rig.admin("oss", .post, "scenario", ["name": "verifikasi-nib"])  // loaded, not yet pushed
        try fillTheDisk(fixture)

        let refused = try pushNIB(fixture)
        #expect(refused.status == 503)
        // In OSS's own reply shape (PIA receiveNIB: status 2 is a failure), so OSS sends again.
        let reply = try JSONValue.decode(Data(refused.body.utf8)).field(OSSMethod.receiveNIB.replyWrapper)
        #expect(reply?.field("status") == "2")
        #expect(try fixture.cases().isEmpty)  // nothing acknowledged, nothing kept
        let notReady = try readiness(fixture)
        #expect(notReady.status == .serviceUnavailable)
        #expect(notReady.bodyText.contains("disk is full"))
        #expect(try syncLog(fixture).contains(#""method":"database""#) && syncLog(fixture).contains(#""outcome":"failed""#))

        try onTheWriter(fixture, "PRAGMA max_page_count = 1073741823")  // space freed
        #expect(try pushNIB(fixture).status == 200)
        #expect(try fixture.cases().count == 1)
        #expect(try readiness(fixture).status == .ok)
        #expect(try syncLog(fixture).contains(#""outcome":"recovered""#))
    }

    @Test func anOfficersDecisionOnAFullDiskIs503WithRetryAfterAndGoesThroughOnceItClears() throws {
        let fixture = try fixture()
        try fixture.rig.admin("oss", .post, "scenario", ["name": "verifikasi-nib", "emit": true])
        let task = try #require(try fixture.cases().first)
        let caseID = try #require(task.field("id")?.text), step = try #require(task.field("step")?.text)
        let role = try #require(task.field("role")?.text), token = "dev-" + role
        #expect(fixture.awaitTask(caseID, role: role))  // its NIB checked with OSS before the disk fills
        try fillTheDisk(fixture)

        // With the officer's scanned paper: rows that need pages the full disk no longer has.
        let paper = Data(("%PDF-1.4\n" + String(repeating: "% pindaian\n", count: 3000) + "%%EOF\n").utf8).base64EncodedString()
        let answer = task.field("question") != nil ? #", "answer": "yes""# : ""
        let decision = Array(#"{"step": \#(step)\#(answer), "note": "Sesuai", "document": {"name": "berkas.pdf", "contentType": "application/pdf", "base64": "\#(paper)"}}"#.utf8)
        let refused = try fixture.rig.api(.post, "/api/cases/\(caseID)/decisions", token: token, body: decision)
        #expect(refused.status == .serviceUnavailable)
        #expect(refused.headers["Retry-After"] == "5")
        #expect(try fixture.detail(caseID).field("task")?.field("step")?.text == step)  // the case did not move

        try onTheWriter(fixture, "PRAGMA max_page_count = 1073741823")
        #expect(try fixture.rig.api(.post, "/api/cases/\(caseID)/decisions", token: token, body: decision).status == .ok)
        #expect(try readiness(fixture).status == .ok)
    }

    @Test func anOutsideProcessHoldingTheWriteLockPastTheBusyTimeoutIs503ForSIINas() throws {
        let fixture = try fixture()
        // Another process (here another connection) takes the write lock and keeps it past the 5 s busy timeout.
        try onTheWriter(fixture, "PRAGMA busy_timeout = 300")  // shorter than SIINas's 5 s wait for an answer
        let outsider = try SQLiteConnection(path: fixture.folder.path("gerbang.sqlite"))
        try outsider.execute("BEGIN IMMEDIATE")
        try fixture.rig.admin("siinas", .post, "scenario", ["name": "izin-perluasan", "emit": true])
        let refused = fixture.rig.mock("siinas").context.journal.entries(direction: .sent, pathPrefix: "/siinas/notifications").last
        #expect(refused?.status == 503)
        #expect(try readiness(fixture).bodyText.contains("write lock"))

        try outsider.execute("ROLLBACK")
        // SIINas's feed, polled again, brings what its push could not deliver.
        #expect(Eventually.holds { (try? readiness(fixture).status) == .ok })
    }
}
