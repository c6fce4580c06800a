import Foundation
import Testing
@testable import GatewayStore

@Suite struct ArchiveStoreTests {
    let fixture: GatewayDatabaseFixture
    var database: GatewayDatabase { fixture.database }
    /// 1 January 2026, 00:00 UTC.
    static let start = Date(timeIntervalSince1970: 1_767_225_600)
    static let day = 86_400.0

    init() throws {
        fixture = try GatewayDatabaseFixture()
    }

    /// One entry a day for `days` days from `start`.
    func logDaily(_ days: Int) throws {
        try database.transaction {
            for day in 0..<days {
                try database.syncLog.append(SyncLogEntry(at: Self.start + Double(day) * Self.day, system: "oss", method: "receiveNIB",
                                                         direction: .incoming, outcome: "accepted"))
            }
        }
    }

    @Test func theOldestEntriesAreTakenInOrderUpToTheFirstNewerOne() throws {
        try logDaily(10)
        let cutoff = Self.start + 4.5 * Self.day
        #expect(try database.archive.oldSyncLog(before: cutoff, limit: 3).map(\.at) == (0..<3).map { Self.start + Double($0) * Self.day })
        #expect(try database.archive.oldSyncLog(before: cutoff, limit: 100).count == 5)
    }

    @Test func archivedEntriesAreDeletedAndTheFilesLengthsRecordedTogether() throws {
        try logDaily(10)
        let batch = try database.archive.oldSyncLog(before: Self.start + 4.5 * Self.day, limit: 100)
        try database.archive.syncLogArchived(from: batch.first?.id ?? 0, through: batch.last?.id ?? 0, files: ["a/sync-log-2026-01.jsonl": 640])
        #expect(try database.syncLog.count(.init()) == 5)
        #expect(try database.archive.oldSyncLog(before: Self.start + 4.5 * Self.day, limit: 100).isEmpty)
        #expect(try database.archive.committedLength(of: "a/sync-log-2026-01.jsonl") == 640)
        #expect(try database.archive.committedLength(of: "a/other.jsonl") == nil)
    }

    @Test func anArchivedMessageLeavesTheInboxButStaysKnownByItsDedupKey() throws {
        for (index, key) in ["k1", "k2", "k3"].enumerated() {
            try database.inbox.keep(source: "oss", kind: "oss.receiveNIB", dedupKey: key, body: Array("{\"n\":\(index)}".utf8),
                                    headers: [["Content-Type", "application/json"]], at: Self.start + Double(index) * Self.day, state: .processed,
                                    cases: index == 0 ? ["PL-2026-000001"] : [])
        }
        let old = try database.archive.oldInbox(before: Self.start + 1.5 * Self.day, limit: 10)
        #expect(old.map(\.dedupKey) == ["k1", "k2"])
        try database.archive.inboxArchived(old.map { ($0.id, "inbox-2026-01.jsonl") }, files: ["inbox-2026-01.jsonl": 300])
        let first = try #require(try database.inbox.record(old[0].id))
        #expect(first.body.isEmpty && first.headers.isEmpty && first.archivedIn == "inbox-2026-01.jsonl" && first.dedupKey == "k1")
        #expect(try database.inbox.cases(of: old[0].id) == ["PL-2026-000001"])
        // A repeat is still known, so still a duplicate (DESIGN.md rule 2), and nothing is added.
        #expect(try database.inbox.find(dedupKey: "k1")?.id == old[0].id && database.inbox.find(dedupKey: "k1")?.state == .processed)
        #expect(try database.inbox.find(dedupKey: "k2") != nil && database.inbox.countsByState() == ["processed": 3])
        // The live inbox holds the newer message alone: the next walk starts there.
        #expect(try database.inbox.list().map(\.dedupKey) == ["k3"])
        #expect(try database.archive.oldInbox(before: Self.start + 10 * Self.day, limit: 10).map(\.dedupKey) == ["k3"])
        #expect(try database.inbox.record(3)?.body == Data("{\"n\":2}".utf8))
    }

    @Test func aDryRunCountsByMonthOfTheAgencysZone() throws {
        // 31 December 2025 20:00 UTC is already 1 January 2026 in Jakarta (UTC+7).
        try database.syncLog.append(SyncLogEntry(at: Self.start - 4 * 3600, system: "oss", method: "x", direction: .incoming, outcome: "accepted"))
        try logDaily(40)
        let pending = try database.archive.pending(before: Self.start + 35 * Self.day, offsetSeconds: 7 * 3600)
        #expect(pending.syncLog == ["2026-01": 32, "2026-02": 4])
        #expect(try database.archive.pending(before: Self.start + 35 * Self.day, offsetSeconds: 0).syncLog == ["2025-12": 1, "2026-01": 31, "2026-02": 4])
    }
}
