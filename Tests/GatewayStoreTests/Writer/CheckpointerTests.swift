import Foundation
import GatewayCore
import GatewayTestSupport
import Testing
@testable import GatewayStore

/// The checkpointer copies what the writer committed into the database file, on its own connection.
@Suite struct CheckpointerTests {
    @Test func aRoundPutsTheWritersCommitsIntoTheDatabaseFileWhileTheWriterKeepsItsConnection() throws {
        let folder = try TemporaryFolder()
        let writer = try GatewayDatabase.open(path: folder.path())
        try writer.connection.disableAutomaticCheckpoints()
        try writer.cursors.set("siinas", to: "41", at: Date(timeIntervalSince1970: 0))
        let reports = Locked<[String?]>([])
        let checkpointer = try Checkpointer(database: folder.path(), intervalMilliseconds: 1000) { failure in reports.withLock { $0.append(failure) } }

        checkpointer.runOnce()

        try FileManager.default.copyItem(atPath: folder.path(), toPath: folder.path("alone.sqlite"))
        #expect(try GatewayDatabase.openForReading(path: folder.path("alone.sqlite")).cursors.all() == ["siinas": "41"])
        #expect(reports.withLock { $0 }.isEmpty)  // nothing failed, nothing to say
    }
}
