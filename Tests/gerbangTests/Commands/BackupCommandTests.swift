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
        #expect(Eventually.holds(within: .seconds(10)) { committed.load(ordering: .relaxed) >= 200 })
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

    @Test func aBackupNeverOverwritesAFile() throws {
        let folder = try TemporaryFolder()
        try SampleDatabase.make(at: folder.path("gerbang.sqlite"))
        try Data("keep".utf8).write(to: folder.url.appendingPathComponent("copy.sqlite"))
        let refused = try GerbangProcess.run(["backup", folder.path("copy.sqlite"), "--db", folder.path("gerbang.sqlite")])
        #expect(refused.status == 1 && refused.stderr.contains("already exists"))
        #expect(try String(contentsOf: folder.url.appendingPathComponent("copy.sqlite"), encoding: .utf8) == "keep")
    }
}
