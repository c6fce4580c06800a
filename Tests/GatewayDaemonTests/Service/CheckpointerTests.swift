import Foundation
import GatewayStore
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

/// The checkpointer copies what the writer committed into the database file, on its own connection.
@Suite struct CheckpointerTests {
    @Test func aRoundPutsTheWritersCommitsIntoTheDatabaseFileWhileTheWriterKeepsItsConnection() throws {
        let folder = try TemporaryFolder()
        let writer = try GatewayDatabase.open(path: folder.path())
        try writer.connection.disableAutomaticCheckpoints()
        try writer.cursors.set("siinas", to: "41", at: Date(timeIntervalSince1970: 0))
        let checkpointer = try Checkpointer(database: folder.path(), report: { _ in })

        #expect(checkpointer.runOnce() == false)

        try FileManager.default.copyItem(atPath: folder.path(), toPath: folder.path("alone.sqlite"))
        #expect(try GatewayDatabase.openForReading(path: folder.path("alone.sqlite")).cursors.all() == ["siinas": "41"])
    }
}
