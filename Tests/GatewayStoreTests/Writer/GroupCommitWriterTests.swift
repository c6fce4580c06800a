import Foundation
import GatewayCore
import GatewayTestSupport
import Synchronization
import Testing
@testable import GatewayStore

@Suite struct GroupCommitWriterTests {
    private func insert(_ key: String) -> (GatewayDatabase) throws -> Int {
        { database in
            try database.cursors.set(key, to: "1", at: Date(timeIntervalSince1970: 0))
            return key.count
        }
    }

    @Test func jobsWaitingTogetherShareOneCommit() throws {
        let fixture = try GatewayDatabaseFixture()
        let writer = try GroupCommitWriter(database: fixture.database, maxGroup: 4)
        let done = DispatchGroup()
        for index in 0..<10 {
            done.enter()
            writer.submit(insert("feed-\(index)")) { _ in done.leave() }
        }
        writer.start()
        done.wait()
        writer.stop()
        let statistics = writer.statistics
        #expect([statistics.commits, statistics.jobs, statistics.largestGroup, statistics.boundCheckpoints] == [Int]([3, 10, 4, 0]))
        #expect(statistics.cpuSeconds > 0)
        #expect(try fixture.database.cursors.all().count == 10)
    }

    @Test func aFailingJobRollsBackAloneAndTheRestOfItsGroupCommits() throws {
        struct Refused: Error {}
        let fixture = try GatewayDatabaseFixture()
        let writer = try GroupCommitWriter(database: fixture.database)
        let results = Locked<[String: Bool]>([:])
        let done = DispatchGroup()
        for key in ["a", "b", "c"] {
            done.enter()
            writer.submit({ database in
                try database.cursors.set(key, to: "1", at: Date(timeIntervalSince1970: 0))
                if key == "b" { throw Refused() }
            }, completion: { result in
                results.withLock { $0[key] = (try? result.get()) != nil }
                done.leave()
            })
        }
        writer.start()
        done.wait()
        writer.stop()
        #expect(results.withLock { $0 } == ["a": true, "b": false, "c": true])
        #expect(Set(try fixture.database.cursors.all().keys) == ["a", "c"])
        #expect(writer.statistics.commits == 1)
    }

    @Test func aGroupWithoutAFailureCommitsInOneGoAndOneWithAFailureRunsAgainSoEachJobCountsOnce() throws {
        struct Refused: Error {}
        let fixture = try GatewayDatabaseFixture()
        try fixture.database.connection.execute("CREATE TABLE rows (job INTEGER NOT NULL)")
        let writer = try GroupCommitWriter(database: fixture.database)
        let failed = Locked<[Int]>([])
        func hand(_ jobs: Range<Int>, refusing refused: Int?) {
            let done = DispatchGroup()
            for job in jobs {
                done.enter()
                writer.submit({ database in
                    try database.connection.run("INSERT INTO rows (job) VALUES (?)", [.int(job)])
                    if job == refused { throw Refused() }
                }, completion: { result in
                    if case .failure = result { failed.withLock { $0.append(job) } }
                    done.leave()
                })
            }
            writer.start()
            done.wait()
        }
        hand(0..<5, refusing: nil)
        #expect(writer.statistics.fastGroups == writer.statistics.commits)
        hand(5..<10, refusing: 7)
        writer.stop()
        // Job 7's row went with its rollback; every other job's row is there once, though its group ran twice.
        #expect(try fixture.database.connection.query("SELECT job FROM rows ORDER BY job") { $0.int(0) } == [0, 1, 2, 3, 4, 5, 6, 8, 9])
        #expect(failed.withLock { $0 } == [7])
        #expect(writer.statistics.fastGroups == writer.statistics.commits - 1)
    }

    @Test func aCallerIsToldOnlyOnceTheWorkIsVisibleToAnotherConnection() throws {
        let fixture = try GatewayDatabaseFixture()
        let writer = try GroupCommitWriter(database: fixture.database)
        writer.start()
        defer { writer.stop() }
        let reader = try GatewayDatabase.openForReading(path: fixture.folder.path())
        for index in 0..<20 {
            _ = try writer.perform(insert("feed-\(index)"))
            #expect(try reader.cursors.cursor("feed-\(index)") == "1")
        }
    }

    @Test func concurrentCallersAllGetTheirOwnResult() throws {
        let fixture = try GatewayDatabaseFixture()
        let writer = try GroupCommitWriter(database: fixture.database)
        writer.start()
        let mismatches = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 200) { index in
            let key = String(repeating: "k", count: index % 7 + 1) + "-\(index)"
            let length = try? writer.perform(insert(key))
            if length != key.count { mismatches.add(1, ordering: .relaxed) }
        }
        writer.stop()
        #expect(mismatches.load(ordering: .relaxed) == 0)
        #expect(try fixture.database.cursors.all().count == 200)
        #expect(writer.statistics.jobs == 200)
    }

    @Test func afterStopNewWorkIsRefusedWithAReason() throws {
        let fixture = try GatewayDatabaseFixture()
        let writer = try GroupCommitWriter(database: fixture.database)
        writer.start()
        writer.stop()
        #expect(throws: WriterStopped.self) { try writer.perform(insert("late")) }
    }

    @Test func aCleanStopLeavesEverythingInTheDatabaseFileNotInTheWAL() throws {
        let fixture = try GatewayDatabaseFixture()
        try fixture.database.connection.disableAutomaticCheckpoints()
        let writer = try GroupCommitWriter(database: fixture.database)
        writer.start()
        for index in 0..<50 { _ = try writer.perform(insert("feed-\(index)")) }
        writer.stop()
        let wal = (try? FileManager.default.attributesOfItem(atPath: fixture.folder.path() + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0)
        // The .sqlite alone, as a backup script's cp would take it.
        try FileManager.default.copyItem(atPath: fixture.folder.path(), toPath: fixture.folder.path("alone.sqlite"))
        #expect(try GatewayDatabase.openForReading(path: fixture.folder.path("alone.sqlite")).cursors.all().count == 50)
    }

    @Test func aWriterThatNeverPausesKeepsItsWALNearItsBound() throws {
        let fixture = try GatewayDatabaseFixture()
        try fixture.database.connection.execute("CREATE TABLE pages (body BLOB NOT NULL)")
        let bound = 200
        // The checkpointer beside it rounds once at the start and then not for a minute: the bound alone keeps the WAL.
        let writer = try GroupCommitWriter(database: fixture.database, maxGroup: 16,
                                           checkpoints: .init(intervalMilliseconds: 60_000, boundFrames: bound))
        let page = [UInt8](repeating: 7, count: 4000)
        let done = DispatchGroup()
        // Handed in all at once: a group is always waiting when one commits, so the writer never pauses.
        for _ in 0..<3000 {
            done.enter()
            writer.submit({ database in try database.connection.run("INSERT INTO pages (body) VALUES (?)", [.blob(page)]) }) { _ in done.leave() }
        }
        writer.start()
        done.wait()
        let wal = try #require(try FileManager.default.attributesOfItem(atPath: fixture.folder.path() + "-wal")[.size] as? Int)
        writer.stop()
        // 3,000 pages were written; the WAL file, reused from its start after each bound checkpoint, holds about the
        // bound and a group: (200 + 16 groups' worth) frames of 4 KiB and 24 bytes each, with room to spare.
        #expect(wal <= 2 * bound * 4120)
        #expect(writer.statistics.boundCheckpoints >= 3000 / (2 * bound))
        #expect(try fixture.database.connection.query("SELECT count(*) FROM pages") { $0.int(0) } == [3000])
    }
}
