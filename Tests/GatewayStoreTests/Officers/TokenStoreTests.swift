import Foundation
import Testing
@testable import GatewayStore

@Suite struct TokenStoreTests {
    let now = Date(timeIntervalSince1970: 1_797_814_800)

    func record(_ id: String, digest: String) -> TokenStore.Record {
        TokenStore.Record(id: id, officer: "197001012000031001", roles: ["kadis", "kabid"], tokenSHA256: digest, createdAt: now)
    }

    @Test func aTokenIsListedWithItsRolesUntilRevokedAndAfter() throws {
        let tokens = try GatewayDatabaseFixture().database.tokens
        try tokens.add(record("tok-1", digest: "aa"))
        #expect(try tokens.list() == [record("tok-1", digest: "aa")])
        #expect(try tokens.revoke("tok-1", at: now + 60))
        #expect(try tokens.list().first?.revokedAt == now + 60)
        #expect(try !tokens.revoke("tok-1", at: now + 120))  // already revoked: the first time stands
        #expect(try tokens.list().first?.revokedAt == now + 60)
        #expect(try !tokens.revoke("tok-none", at: now))
    }

    @Test func twoTokensCannotShareADigest() throws {
        let tokens = try GatewayDatabaseFixture().database.tokens
        try tokens.add(record("tok-1", digest: "aa"))
        #expect(throws: SQLiteError.self) { try tokens.add(record("tok-2", digest: "aa")) }
    }
}
