import Foundation
import Testing
@testable import GatewayStore

@Suite struct SessionStoreTests {
    let now = Date(timeIntervalSince1970: 1_797_814_800)

    func session(_ id: String, token: String = "t1", minutes: Double = 60) -> SessionStore.Record {
        SessionStore.Record(idSHA256: id, tokenSHA256: token, officer: "197001012000031001", roles: ["viewer"], createdAt: now,
                            expiresAt: now + minutes * 60)
    }

    @Test func aSessionLetsItsOfficerInUntilItExpiresOrEnds() throws {
        let sessions = try GatewayDatabaseFixture().database.sessions
        try sessions.add(session("s1"))
        let found = try #require(try sessions.find("s1"))
        #expect(found == session("s1"))
        #expect(found.isLive(at: now + 59 * 60) && !found.isLive(at: now + 60 * 60))
        #expect(try sessions.end("s1", at: now + 10))
        #expect(try !sessions.end("s1", at: now + 20))  // logged out once: the first time stands
        #expect(try sessions.find("s1")?.isLive(at: now + 30) == false)
        #expect(try sessions.find("s-unknown") == nil)
    }

    @Test func revokingATokenEndsTheSessionsOpenedWithIt() throws {
        let database = try GatewayDatabaseFixture().database
        try database.tokens.add(TokenStore.Record(id: "tok-1", officer: "a", roles: ["viewer"], tokenSHA256: "t1", createdAt: now))
        try database.sessions.add(session("s1", token: "t1"))
        try database.sessions.add(session("s2", token: "t1"))
        try database.sessions.add(session("s3", token: "t2"))
        #expect(try database.sessions.liveCount(at: now) == 3)
        #expect(try database.tokens.revoke("tok-1", at: now + 5))
        #expect(try database.sessions.find("s1")?.endedAt == now + 5 && database.sessions.find("s2")?.endedAt == now + 5)
        #expect(try database.sessions.find("s3")?.endedAt == nil)
        #expect(try database.sessions.liveCount(at: now + 6) == 1)
    }

    @Test func expiredAndEndedSessionsArePurgedAndLiveOnesKept() throws {
        let sessions = try GatewayDatabaseFixture().database.sessions
        try sessions.add(session("short", minutes: 1))
        try sessions.add(session("ended"))
        try sessions.add(session("live", minutes: 600))
        _ = try sessions.end("ended", at: now + 1)
        #expect(try sessions.purge(before: now + 120) == 2)
        #expect(try sessions.find("live") != nil && sessions.find("short") == nil && sessions.find("ended") == nil)
    }
}
