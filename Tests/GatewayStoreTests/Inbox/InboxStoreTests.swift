import Foundation
import Testing
@testable import GatewayStore

@Suite struct InboxStoreTests {
    @Test func aMessageIsKeptOnceAndARepeatIsRecognised() throws {
        let fixture = try GatewayDatabaseFixture()
        let inbox = fixture.database.inbox
        let now = Date(timeIntervalSince1970: 1_797_814_800)
        #expect(try inbox.find(dedupKey: "oss:nib:1") == nil)
        let id = try inbox.keep(source: "oss", kind: "receiveNIB", dedupKey: "oss:nib:1", body: Array("{}".utf8), headers: [["Token", "***"]], at: now,
                                state: .processed, cases: ["IP-2026-000001"])
        let repeated = try #require(try inbox.find(dedupKey: "oss:nib:1"))
        #expect(repeated.id == id && repeated.state == .processed)
        let kept = try #require(try inbox.list().first)
        #expect(kept.cases == ["IP-2026-000001"] && kept.headers == [["Token", "***"]] && kept.body == Data("{}".utf8))
        #expect(try inbox.count() == 1)
    }

    @Test func theDedupKeyIsUniqueEvenAroundTheStore() throws {
        let fixture = try GatewayDatabaseFixture()
        try fixture.database.connection.run("INSERT INTO inbox (source, kind, dedup_key, received_at, body, headers, state) VALUES ('a', 'b', 'k', 0, x'', '[]', 'processed')")
        #expect(throws: SQLiteError.self) {
            try fixture.database.connection.run("INSERT INTO inbox (source, kind, dedup_key, received_at, body, headers, state) VALUES ('a', 'b', 'k', 0, x'', '[]', 'processed')")
        }
    }

    @Test func aRejectedMessageKeepsItsBodyAndReason() throws {
        let fixture = try GatewayDatabaseFixture()
        let inbox = fixture.database.inbox
        try inbox.keep(source: "oss", kind: "receiveNIB", dedupKey: "raw:1", body: Array("{not json".utf8), headers: [], at: Date(), state: .rejected,
                       error: "the body is not JSON")
        let rejected = try #require(try inbox.list(state: .rejected).first)
        #expect(String(decoding: rejected.body, as: UTF8.self) == "{not json")
        #expect(rejected.error == "the body is not JSON")
    }
}
