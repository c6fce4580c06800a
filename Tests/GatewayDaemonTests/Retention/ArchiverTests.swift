import Foundation
import GatewayCore
import GatewayStore
import GatewayTestSupport
import NationalSystems
import Testing
@testable import GatewayDaemon

/// Retention over the fixture's database: what is older than `days` goes to monthly files, once, and nothing else goes.
@Suite struct ArchiverTests {
    let fixture: ProcessorFixture
    let ledger: FixtureLedger
    let archiver: Archiver
    static let day = 86_400.0

    init() throws {
        fixture = try ProcessorFixture()
        ledger = FixtureLedger(fixture)
        archiver = Archiver(settings: .init(days: 400, folder: fixture.folder.path("archive"), batchRows: 30, everyHours: 24))
    }

    /// One "oss" entry a day at 09:00 Jakarta, for the `days` days before the fixture's moment, oldest first.
    func logDaily(_ days: Int) throws -> [Date] {
        let times = (1...days).reversed().map { fixture.now - Double($0) * Self.day }
        try fixture.job { unit in
            for time in times { try unit.database.syncLog.append(SyncLogEntry(at: time, system: "oss", method: "receiveNIB", direction: .incoming, outcome: "accepted")) }
        }
        return times
    }

    /// Lines per archive file in the folder.
    func archived() throws -> [String: [String]] {
        let folder = fixture.folder.path("archive")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return try Dictionary(uniqueKeysWithValues: names.map { name in
            (name, try String(contentsOfFile: folder + "/" + name, encoding: .utf8).split(separator: "\n").map(String.init))
        })
    }

    /// The month of Jakarta an instant falls in, counted by the test's own calendar.
    static func month(_ instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Jakarta")!
        let parts = calendar.dateComponents([.year, .month], from: instant)
        return String(format: "%04d-%02d", parts.year!, parts.month!)
    }

    @Test func entriesOlderThanTheAgeGoToTheirMonthsFileOnceAndTheRestStay() throws {
        let times = try logDaily(500)
        let old = times.filter { $0 < fixture.now - 400 * Self.day }
        #expect(old.count == 100)

        let dry = try archiver.run(ledger, dryRun: true)
        #expect(dry.syncLogEntries == 100)
        #expect(try fixture.database.syncLog.count(.init(system: "oss")) == 500)
        #expect(try archived().isEmpty)

        let report = try archiver.run(ledger, dryRun: false)
        let expected = Dictionary(grouping: old, by: { "sync-log-\(Self.month($0)).jsonl" }).mapValues(\.count)
        #expect(try archived().mapValues(\.count) == expected)
        #expect(report.syncLogEntries == 100 && report.batches == 4 && dry.files.mapValues { $0 } == report.files)
        #expect(try fixture.database.syncLog.count(.init(system: "oss")) == 400)
        let remaining = try fixture.database.syncLog.list(.init(system: "oss", limit: 1000)).map(\.at)
        #expect(remaining == times.suffix(400))
        // Each line is an entry archived, read back at its time.
        let lines = try archived().values.flatMap { $0 }
        let read = try lines.map { line -> Date in
            guard case .syncLog(let entry) = try ArchiveLine.parse(line) else { throw CancellationError() }
            return entry.at
        }
        #expect(read.sorted() == old)

        // Again: nothing is older now, nothing is written.
        #expect(try archiver.run(ledger, dryRun: false).syncLogEntries == 0)
        #expect(try archived().mapValues(\.count) == expected)
        #expect(try fixture.database.syncLog.list(.init(system: "gateway")).filter { $0.method == "retention.archive" }.count == 1)
    }

    @Test func aBatchWhoseRowsWereNotDeletedIsWrittenAgainOnceNotTwice() throws {
        let old = try logDaily(430).prefix(30)
        // The writer fails the first batch's job after its lines were written and synced (a crash between the two).
        #expect(throws: (any Error).self) { try archiver.run(FailingWrites(ledger), dryRun: false) }
        #expect(try fixture.database.syncLog.count(.init(system: "oss")) == 430)
        _ = try archiver.run(ledger, dryRun: false)
        let lines = try archived().values.flatMap { $0 }
        #expect(lines.count == old.count && Set(lines).count == old.count)
    }

    @Test func anOldMessageLosesItsBodyToTheArchiveButStaysADuplicateAndItsEndedCaseStaysWhole() throws {
        let received = fixture.now - 450 * Self.day
        let message = try ProcessorFixture.nib(kdIzin: "030000000021", expansion: false)
        let body = Array(#"{"dataNIB": {"nib": "8120000110001"}}"#.utf8)
        let receipt = try fixture.job(at: received) { unit in try fixture.processor.receive(message, raw: .init(body: body), in: unit) }
        guard case .accepted(let cases) = receipt, let caseID = cases.first else { Issue.record("no case opened: \(receipt)"); return }
        try fixture.job(at: received + 60) { unit in
            guard let current = try unit.loadCase(caseID), let engine = fixture.processor.procedures.engine(of: current) else { return }
            try fixture.processor.carryOut([.transition(try engine.transition(.close(outcome: .rejected, reason: "ditolak"), on: current, at: unit.now))], in: unit)
        }
        let history = try fixture.database.cases.load(caseID)?.history.count

        let report = try archiver.run(ledger, dryRun: false)
        #expect(report.inboxBodies == 1)
        let file = "inbox-\(Self.month(received)).jsonl"
        let line = try #require(try archived()[file]?.first)
        guard case .message(let archived) = try ArchiveLine.parse(line) else { Issue.record("not a message line: \(line)"); return }
        #expect(archived.body == body && archived.cases == [caseID])
        // The ended case and its history are kept whatever their age.
        #expect(try fixture.database.cases.load(caseID)?.history.count == history && history ?? 0 > 0)
        // The same message again is still known: a duplicate, nothing opened.
        #expect(try fixture.job { unit in try fixture.processor.receive(message, raw: .init(body: body), in: unit) } == .duplicate)
    }

    /// A ledger whose writer fails every job: the archiver's deletes never commit.
    struct FailingWrites: Ledger {
        let inner: FixtureLedger
        init(_ inner: FixtureLedger) { self.inner = inner }
        var clock: any TimeSource { inner.clock }
        var processor: CaseProcessor { inner.processor }
        var isStopping: Bool { false }
        func read<T>(_ body: (GatewayDatabase) throws -> T) throws -> T { try inner.read(body) }
        func write<T>(_ body: @escaping (WorkUnit) throws -> T) throws -> T { throw CancellationError() }
    }
}
