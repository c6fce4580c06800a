import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// Retention (settings `retention`): moves sync-log entries and inbox bodies older than `days` to monthly
/// JSON-lines files under `folder` (`sync-log-2026-01.jsonl`, `inbox-2026-01.jsonl`, months of Asia/Jakarta),
/// in batches of `batchRows`, each a short writer job of its own so the writer is never held for long.
/// `gerbang archive` runs it on demand; the daemon every `everyHours` and once at its start.
///
/// Each batch is written and synced to its files before its rows go (``ArchiveFile``); the sync-log rows are
/// deleted, the inbox messages move to `inbox_archived` without body and headers (their dedup keys still known).
/// Ended cases, their history, permits and the outbox are kept whatever their age.
package struct Archiver: Sendable {
    let settings: GatewaySettings.Retention

    package init(settings: GatewaySettings.Retention) {
        self.settings = settings
    }

    /// What a run moved (or, on a dry run, would move).
    public struct Report: Codable, Equatable, Sendable {
        /// Entries and bodies from before this moment were archived.
        public var cutoff: String
        public var dryRun: Bool
        public var syncLogEntries = 0
        public var inboxBodies = 0
        /// Per archive file (its path), the lines written to it by this run, or that a dry run would write.
        public var files: [String: Int] = [:]
        public var bytesWritten = 0
        /// Writer jobs this run took, and the longest any held the writer, its commit aside (milliseconds).
        public var batches = 0
        public var longestBatchMilliseconds = 0.0

        /// "412 sync-log entries and 38 inbox bodies older than … moved to 3 files"
        public var summary: String {
            let what = "\(syncLogEntries) sync-log entr\(syncLogEntries == 1 ? "y" : "ies") and \(inboxBodies) inbox bod\(inboxBodies == 1 ? "y" : "ies")"
            let files = "\(self.files.count) file\(self.files.count == 1 ? "" : "s")"
            return dryRun ? "dry run: \(what) from before \(cutoff) would move to \(files); nothing changed"
                : "\(what) from before \(cutoff) moved to \(files) (\(bytesWritten) bytes, \(batches) batches, "
                    + "longest \(String(format: "%.1f", longestBatchMilliseconds)) ms)"
        }
    }

    /// The moment before which rows are archived.
    func cutoff(now: Date) -> Date {
        now.addingTimeInterval(-Double(settings.days) * 86_400)
    }

    /// The archive file of a month ("2026-01"), for rows of `kind` ("sync-log", "inbox").
    func file(_ kind: String, month: some StringProtocol) -> String {
        (settings.folder as NSString).appendingPathComponent("\(kind)-\(month).jsonl")
    }

    /// The archive file of the month an instant falls in, in Asia/Jakarta.
    func file(_ kind: String, at instant: Date) -> String {
        file(kind, month: JakartaTime.day(instant).prefix(7))
    }

    /// Archives everything older than the cutoff, batch by batch, until none is left or the gateway stops.
    package func run(_ ledger: any Ledger, dryRun: Bool) throws -> Report {
        let cutoff = cutoff(now: ledger.clock.now())
        var report = Report(cutoff: JakartaTime.iso(cutoff), dryRun: dryRun)
        if dryRun {
            let pending = try ledger.read { try $0.archive.pending(before: cutoff, offsetSeconds: JakartaTime.zone.secondsFromGMT()) }
            for (kind, months) in [("sync-log", pending.syncLog), ("inbox", pending.inbox)] {
                for (month, count) in months {
                    report.files[file(kind, month: month)] = count
                }
            }
            report.syncLogEntries = pending.syncLog.values.reduce(0, +)
            report.inboxBodies = pending.inbox.values.reduce(0, +)
            return report
        }
        while !ledger.isStopping {
            let entries = try ledger.read { try $0.archive.oldSyncLog(before: cutoff, limit: settings.batchRows) }
            guard let first = entries.first?.id, let last = entries.last?.id else { break }
            let lengths = try write(entries.map { (file("sync-log", at: $0.at), ArchiveLine.text($0)) }, ledger: ledger, into: &report)
            try batch(&report, ledger) { unit in try unit.database.archive.syncLogArchived(from: first, through: last, files: lengths) }
            report.syncLogEntries += entries.count
        }
        while !ledger.isStopping {
            let messages = try ledger.read { try $0.archive.oldInbox(before: cutoff, limit: settings.batchRows) }
            guard !messages.isEmpty else { break }
            let placed = messages.map { (id: $0.id, file: file("inbox", at: $0.receivedAt)) }
            let lengths = try write(messages.map { (file("inbox", at: $0.receivedAt), ArchiveLine.text($0)) }, ledger: ledger, into: &report)
            try batch(&report, ledger) { unit in try unit.database.archive.inboxArchived(placed, files: lengths) }
            report.inboxBodies += messages.count
        }
        if report.syncLogEntries + report.inboxBodies > 0 {
            let summary = report.summary
            try ledger.write { unit in
                try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "retention.archive", direction: .outgoing, outcome: "archived",
                                          error: summary))
            }
        }
        return report
    }

    /// Appends each file's lines after its committed length; returns the files' new lengths.
    private func write(_ lines: [(file: String, line: String)], ledger: any Ledger, into report: inout Report) throws -> [String: Int] {
        var byFile: [String: [String]] = [:]
        var order: [String] = []
        for (file, line) in lines {
            if byFile[file] == nil { order.append(file) }
            byFile[file, default: []].append(line)
        }
        var lengths: [String: Int] = [:]
        for file in order {
            let committed = try ledger.read { try $0.archive.committedLength(of: file) } ?? 0
            let lines = byFile[file] ?? []
            lengths[file] = try ArchiveFile.append(lines, to: file, committed: committed)
            report.files[file, default: 0] += lines.count
            report.bytesWritten += (lengths[file] ?? 0) - min(committed, lengths[file] ?? 0)
        }
        return lengths
    }

    /// One batch's deletes as a writer job of its own, timed inside the job: how long it holds the writer before the commit.
    private func batch(_ report: inout Report, _ ledger: any Ledger, _ job: @escaping (WorkUnit) throws -> Void) throws {
        let held = try ledger.write { unit in
            let started = ContinuousClock.now
            try job(unit)
            return started.duration(to: .now).milliseconds
        }
        report.batches += 1
        report.longestBatchMilliseconds = max(report.longestBatchMilliseconds, held)
    }
}

/// The daemon's retention: the archiver once at the start and every `retention.everyHours`.
final class RetentionService: Service {
    let name = ServiceName.retention
    let intervalMilliseconds: Int
    private let ledger: any Ledger
    private let archiver: Archiver
    private let report: @Sendable (OperatorMessage) -> Void

    init(ledger: any Ledger, settings: GatewaySettings.Retention, report: @escaping @Sendable (OperatorMessage) -> Void) {
        self.ledger = ledger
        archiver = Archiver(settings: settings)
        intervalMilliseconds = settings.everyHours * 3_600_000
        self.report = report
    }

    func runOnce() -> Bool {
        do {
            _ = try archiver.run(ledger, dryRun: false)
        } catch {
            report(OperatorMessage(.error, "retention: archiving failed; what was not archived stays for the next round",
                                   ["service": name.rawValue, "error": "\(error)"]))
        }
        return false
    }
}
