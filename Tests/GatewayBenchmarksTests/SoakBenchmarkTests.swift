import Foundation
import GatewayCore
import GatewayDaemon
import GatewayStore
import GatewayTestSupport
import Testing
@testable import GatewayBenchmarks

@Suite struct SoakBenchmarkTests {
    /// Twelve days, five of retention: what the benchmark logged is either in the archive or still in the database, each
    /// entry once, and nothing newer than the retention age was archived.
    @Test func aShortYearArchivesWhatAgesOutAndKeepsTheRest() throws {
        let folder = try TemporaryFolder()
        let scenario = try JSONValue.decode(Data(contentsOf: RepositoryFiles.root.appendingPathComponent("fixtures/scenarios/izin-perluasan.json")))
        let template = try #require(scenario.field("oss")?.field("nibs")?.array?.first)
        var options = SoakBenchmark.Options()
        options.days = 12
        options.cases = 96
        options.retentionDays = 5
        options.caseDays = 3
        options.checksPerDay = 40
        options.reads = 3
        var lines: [String] = []
        let result = try SoakBenchmark(options: options, template: template).run(configFolder: RepositoryFiles.configFolder, folder: folder.url.path,
                                                                                 print: { lines.append($0) })
        #expect(result.start.day == 6 && result.end.day == 12)
        #expect(lines.contains { $0.hasPrefix("retention starts: day 6") })

        // The reconciler's checks the benchmark logged: 40 a day, each archived or still kept, none twice.
        let archive = folder.path("archive")
        let archived = try FileManager.default.contentsOfDirectory(atPath: archive).filter { $0.hasPrefix("sync-log-") }.flatMap { name in
            try String(contentsOfFile: archive + "/" + name, encoding: .utf8).split(separator: "\n").map { try ArchiveLine.parse($0) }
        }.compactMap { line -> SyncLogEntry? in if case .syncLog(let entry) = line { entry } else { nil } }
        let database = try GatewayDatabase.openForReading(path: folder.path("soak.sqlite"))
        let kept = try database.syncLog.list(.init(system: "oss", limit: 100_000))
        let checks = { (entries: [SyncLogEntry]) in entries.filter { $0.method == "checkLicenseStatus" } }
        #expect(checks(archived).count + checks(kept).count == 12 * 40)
        #expect(Set(archived.compactMap(\.id)).count == archived.count && Set(archived.compactMap(\.id)).isDisjoint(with: kept.compactMap(\.id)))
        // Archived only once older than five days on the day it ran: the newest archived is older than the oldest kept.
        let newestArchived = try #require(archived.map(\.at).max()), oldestKept = try #require(kept.map(\.at).min())
        #expect(newestArchived <= oldestKept && oldestKept.timeIntervalSince(newestArchived) < 2 * 86_400)
        #expect(result.archivedEntries == archived.count)
        // Every case opened, and those opened three days before each day's end revoked by OSS.
        #expect(try database.cases.page(limit: 1).total == 96)
        #expect(try database.cases.list(status: .ended, limit: 1000).count == 96 * (12 - 3) / 12)
    }
}
