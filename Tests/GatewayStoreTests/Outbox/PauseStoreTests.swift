import Foundation
import Testing
@testable import GatewayStore

@Suite struct PauseStoreTests {
    let now = Date(timeIntervalSince1970: 1_797_814_800)

    @Test func aTargetStaysPausedUntilResumedAndPausingTwiceChangesNothing() throws {
        let pauses = try GatewayDatabaseFixture().database.pauses
        #expect(try pauses.pause("siinas", note: "maintenance", at: now))
        #expect(try !pauses.pause("siinas", note: "again", at: now + 60))
        #expect(try pauses.paused() == [PauseStore.Pause(target: "siinas", pausedAt: now, note: "maintenance")])
        #expect(try pauses.isPaused("siinas") && !pauses.isPaused("oss"))
        #expect(try pauses.resume("siinas"))
        #expect(try !pauses.resume("siinas"))
        #expect(try pauses.paused().isEmpty)
    }
}
