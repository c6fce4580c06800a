import Foundation
import GatewayStore
import GatewayTestSupport
import Testing

/// `gerbang log` and `gerbang outbox` on a database with a few exchanges and a dead letter.
@Suite struct OperatorCommandsTests {
    let folder: TemporaryFolder
    let database: String
    let now = Date(timeIntervalSince1970: 1_797_472_800)  // Thursday 17 December 2026, 09:00 in Jakarta

    init() throws {
        folder = try TemporaryFolder()
        database = folder.path()
        let store = try GatewayDatabase.open(path: database)
        try store.syncLog.append(SyncLogEntry(at: now, system: "oss", method: "receiveNIB", direction: .incoming, caseID: "IP-2026-000001",
                                              messageID: "8120000110001", outcome: "accepted"))
        try store.syncLog.append(SyncLogEntry(at: now + 60, system: "siinas", method: "siinas.uploadBAP", direction: .outgoing,
                                              caseID: "IP-2026-000001", messageID: "IP-2026-000001/17/16/siinas.uploadBAP", attempt: 1,
                                              httpStatus: 409, outcome: "dead", error: "HTTP 409: a BAP was already uploaded"))
        let letter = OutboxMessage(id: "IP-2026-000001/17/16/siinas.uploadBAP", idempotencyKey: "IP-2026-000001/17/16/siinas.uploadBAP",
                                   target: "siinas", kind: "siinas.uploadBAP", caseID: "IP-2026-000001", idIzin: "I-1",
                                   request: .init(method: "POST", path: "/api/v1/verifikasi-teknis/VT-1/bap", body: "{}"), createdAt: now)
        try store.outbox.enqueue(letter)
        try store.outbox.markFailed(letter.id, attempt: 1, status: 409, error: "HTTP 409: a BAP was already uploaded", nextAttempt: nil)
    }

    @Test func theLogShowsExchangesAndCanKeepOnlyFailures() throws {
        let all = try GerbangProcess.run(["log", "--db", database])
        #expect(all.status == 0)
        #expect(all.stdout.contains("receiveNIB") && all.stdout.contains("siinas.uploadBAP"))
        let failed = try GerbangProcess.run(["log", "--db", database, "--failed", "--json"])
        let lines = failed.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(entry["outcome"] as? String == "dead" && entry["status"] as? Int == 409 && entry["at"] as? String == "2026-12-17T09:01:00+07:00")
        #expect(try GerbangProcess.run(["log", "--db", database, "--system", "oss", "--json"]).stdout.split(separator: "\n").count == 1)
    }

    @Test func followingTheLogPrintsWhatIsWrittenAfterwards() throws {
        let (process, output, _) = GerbangProcess.make(["log", "--db", database, "--follow", "--json", "--limit", "1"])
        try process.run()
        defer { process.terminate() }
        let seen = LinesRead(output.fileHandleForReading)
        #expect(seen.wait(within: .seconds(10)) { $0.contains("siinas.uploadBAP") })
        let store = try GatewayDatabase.open(path: database)
        try store.syncLog.append(SyncLogEntry(at: now + 120, system: "sipro", method: "feed", direction: .incoming, outcome: "failed", error: "timeout"))
        #expect(seen.wait(within: .seconds(10)) { $0.contains(#""system":"sipro""#) })
    }

    @Test func theOutboxListsDeadLettersAndRetryPutsThemBack() throws {
        let dead = try GerbangProcess.run(["outbox", "--db", database, "--state", "dead", "--json"])
        let rows = try #require(try GerbangProcess.json(dead) as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["IP-2026-000001/17/16/siinas.uploadBAP"])
        #expect(rows.first?["lastError"] as? String == "HTTP 409: a BAP was already uploaded")

        // Replaying changes state: it goes through the running gateway.
        let gateway = try GerbangProcess.serve(database: database)
        defer { gateway.kill() }
        let missing = try GerbangProcess.run(["outbox", "retry", "nope", "--gateway", gateway.url])
        #expect(missing.status == 1 && missing.stderr.contains("gerbang outbox --dead"))
        #expect(try GerbangProcess.run(["outbox", "retry", "--all-dead", "--gateway", gateway.url, "--token", "dev-kabid"]).status == 1)
        let retried = try GerbangProcess.run(["outbox", "retry", "--all-dead", "--gateway", gateway.url])
        #expect(retried.status == 0 && retried.stdout.contains("1 dead letter back in the queue"))
        #expect((try GerbangProcess.json(try GerbangProcess.run(["outbox", "--db", database, "--dead", "--json"])) as? [Any])?.isEmpty == true)
        let notRunning = try GerbangProcess.run(["outbox", "retry", "--all-dead", "--gateway", "http://127.0.0.1:9"])
        #expect(notRunning.status == 1 && notRunning.stderr.contains("is 'gerbang serve' running?"))
        #expect(try GerbangProcess.run(["outbox", "retry", "--gateway", gateway.url]).status == 2)
    }
}

/// What a child process prints, read on another thread, so a test can wait for a line with a time limit.
final class LinesRead: @unchecked Sendable {
    private var text = ""
    private let condition = NSCondition()

    init(_ handle: FileHandle) {
        Thread {
            while true {
                let chunk = handle.availableData
                self.condition.lock()
                if !chunk.isEmpty { self.text += String(decoding: chunk, as: UTF8.self) }
                self.condition.broadcast()
                self.condition.unlock()
                if chunk.isEmpty { return }
            }
        }.start()
    }

    /// Waits until what was printed so far satisfies `condition`, or the time is up.
    func wait(within limit: Duration, until satisfied: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(Double(limit.components.seconds))
        condition.lock()
        defer { condition.unlock() }
        while !satisfied(text) {
            guard condition.wait(until: deadline) else { return satisfied(text) }
        }
        return true
    }
}
