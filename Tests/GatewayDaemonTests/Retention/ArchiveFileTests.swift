import Foundation
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

@Suite struct ArchiveFileTests {
    let folder: TemporaryFolder
    var path: String { folder.path("archive/sync-log-2026-01.jsonl") }

    init() throws {
        folder = try TemporaryFolder()
    }

    func text() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func linesAreAppendedToANewFileInANewFolder() throws {
        #expect(try ArchiveFile.append(["a", "b"], to: path, committed: 0) == 4)
        #expect(try ArchiveFile.append(["c"], to: path, committed: 4) == 6)
        #expect(try text() == "a\nb\nc\n")
    }

    @Test func linesPastTheCommittedLengthAreCutBeforeTheNextBatch() throws {
        // The batch "b" was written but its rows were never deleted (a crash): it is written again, once.
        _ = try ArchiveFile.append(["a"], to: path, committed: 0)
        _ = try ArchiveFile.append(["b"], to: path, committed: 2)
        #expect(try ArchiveFile.append(["b", "c"], to: path, committed: 2) == 6)
        #expect(try text() == "a\nb\nc\n")
    }

    @Test func aFileShorterThanRecordedIsAppendedToFromItsEnd() throws {
        // An operator moved last month's file away: the next lines start a new one.
        #expect(try ArchiveFile.append(["z"], to: path, committed: 500) == 2)
        #expect(try text() == "z\n")
    }
}
