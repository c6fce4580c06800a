import Foundation
import GatewayCore
import GatewayStore
import GatewayTestSupport
import Synchronization
import Testing

/// `gerbang backup` while another connection keeps committing cases, as the daemon does.
@Suite struct BackupCommandTests {
    @Test func aBackupTakenDuringWritesOpensAndHoldsEveryCaseCommittedBeforeIt() throws {
        let folder = try TemporaryFolder()
        let source = folder.path("gerbang.sqlite")
        let store = try GatewayDatabase.open(path: source)
        let engine = WorkflowEngine(definition: try RepositoryFiles.definition("rekomendasi-izin-usaha-industri"), calendar: try RepositoryFiles.calendar())
        let committed = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        let writing = DispatchSemaphore(value: 0)
        nonisolated(unsafe) let writerStore = store
        Thread.detachNewThread {
            var number = 0
            while !stop.load(ordering: .relaxed) {
                number += 1
                let id = String(format: "RK-2026-%06d", number)
                try? writerStore.transaction { try writerStore.cases.save(engine.open(caseID: id, at: SampleDatabase.start)) }
                committed.store(number, ordering: .relaxed)
            }
            writing.signal()
        }
        #expect(Eventually.holds { committed.load(ordering: .relaxed) >= 200 })
        let before = committed.load(ordering: .relaxed)
        let backup = try GerbangProcess.run(["backup", folder.path("copy.sqlite"), "--db", source, "--json"])
        stop.store(true, ordering: .relaxed)
        writing.wait()

        #expect(backup.status == 0, "\(backup.stderr)")
        let report = try #require(try GerbangProcess.json(backup) as? [String: Any])
        #expect(report["integrity"] as? String == "ok")
        let copy = try GatewayDatabase.openForReading(path: folder.path("copy.sqlite"))
        let ids = Set(try copy.cases.list(limit: 1_000_000).map(\.id))
        #expect(ids.count == report["cases"] as? Int)
        #expect((1...before).allSatisfy { ids.contains(String(format: "RK-2026-%06d", $0)) })
        #expect(try copy.cases.load("RK-2026-000001")?.history.count == 2)
    }

    @Test func aBackupTakenWhileTheGatewayRunsIsRestoredOnceItStoppedAndTheReplacedDatabaseIsKept() throws {
        let folder = try TemporaryFolder()
        let live = folder.path("gerbang.sqlite")
        try SampleDatabase.make(at: live)
        let gateway = try GerbangProcess.serve(database: live)
        try issueToken(to: "before-backup", at: gateway)
        #expect(try GerbangProcess.run(["backup", folder.path("backup.sqlite"), "--db", live]).status == 0)
        try issueToken(to: "after-backup", at: gateway)

        let refused = try GerbangProcess.run(["restore", folder.path("backup.sqlite"), "--db", live])
        #expect(refused.status == 1 && refused.stderr.contains("(pid \(gateway.process.processIdentifier)) is running"), "\(refused.stderr)")

        gateway.signal(SIGTERM)
        #expect(gateway.exitStatus() == 0)
        // A clean stop leaves every row in the .sqlite itself: the file alone, as cp takes it, is whole.
        try FileManager.default.copyItem(atPath: live, toPath: folder.path("alone.sqlite"))
        #expect(try officers(folder.path("alone.sqlite")) == ["after-backup", "before-backup"])

        let restored = try GerbangProcess.run(["restore", folder.path("backup.sqlite"), "--db", live, "--json"])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(!FileManager.default.fileExists(atPath: live + "-wal") && !FileManager.default.fileExists(atPath: live + "-shm"))
        #expect(try officers(live) == ["before-backup"])
        let report = try #require(try GerbangProcess.json(restored) as? [String: Any])
        let kept = try #require(report["replacedKeptAt"] as? String)
        #expect(try officers(kept) == ["after-backup", "before-backup"])

        let again = try GerbangProcess.serve(database: live)
        let listed = try GerbangProcess.run(["token", "list", "--json", "--gateway", again.url])
        #expect(listed.stdout.contains("before-backup") && !listed.stdout.contains("after-backup"))
    }

    @Test func afterSIGKILLARestoreKeepsAsideWhatTheCrashedDatabaseHeldInItsWAL() throws {
        let folder = try TemporaryFolder()
        let live = folder.path("gerbang.sqlite")
        try SampleDatabase.make(at: live)
        #expect(try GerbangProcess.run(["backup", folder.path("backup.sqlite"), "--db", live]).status == 0)
        let gateway = try GerbangProcess.serve(database: live)
        try issueToken(to: "written-before-the-crash", at: gateway)
        gateway.kill()

        let restored = try GerbangProcess.run(["restore", folder.path("backup.sqlite"), "--db", live, "--json"])
        #expect(restored.status == 0, "\(restored.stderr)")
        let report = try #require(try GerbangProcess.json(restored) as? [String: Any])
        #expect(!FileManager.default.fileExists(atPath: live + "-wal"))
        #expect(try officers(live).isEmpty)
        #expect(try officers(try #require(report["replacedKeptAt"] as? String)) == ["written-before-the-crash"])
        let cases = try #require(report["database"] as? [String: Any])["cases"] as? Int
        #expect(cases == 2)  // the sample's two cases
    }

    private func issueToken(to officer: String, at gateway: GatewayProcess) throws {
        let added = try GerbangProcess.run(["token", "add", "--officer", officer, "--role", "kabid", "--gateway", gateway.url])
        #expect(added.status == 0, "\(added.stderr)")
    }

    /// Whom the tokens in a database were issued to, read without the gateway.
    private func officers(_ path: String) throws -> [String] {
        try GatewayDatabase.openForReading(path: path).tokens.list().map(\.officer).sorted()
    }
}
