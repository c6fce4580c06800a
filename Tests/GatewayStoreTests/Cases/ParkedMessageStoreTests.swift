import Foundation
import GatewayTestSupport
import Testing
@testable import GatewayStore

@Suite struct ParkedMessageStoreTests {
    let fixture: GatewayDatabaseFixture
    var parked: ParkedMessageStore { fixture.database.parked }
    let now = StoreFixtures.monday

    init() throws {
        fixture = try GatewayDatabaseFixture()
    }

    @Test func messagesAreKeptPerCaseInTheOrderTheyCame() throws {
        try parked.park(caseID: "IP-1", message: "siinas.b", event: Data(#"{"n":2}"#.utf8), at: now)
        try parked.park(caseID: "key:izin:I-9", message: "siinas.a", event: Data(#"{"n":1}"#.utf8), at: now)
        try parked.park(caseID: "IP-1", message: "siinas.c", event: Data(#"{"n":3}"#.utf8), at: now + 60)
        let forCase = try parked.parked(caseID: "IP-1")
        #expect(forCase.map(\.message) == ["siinas.b", "siinas.c"])
        #expect(forCase.map { String(decoding: $0.event, as: UTF8.self) } == [#"{"n":2}"#, #"{"n":3}"#])
        #expect(forCase.last?.parkedAt == now + 60)
        #expect(try parked.parked(caseID: "key:izin:I-9").map(\.message) == ["siinas.a"])
        #expect(try parked.count() == 3)
    }

    @Test func aRemovedMessageIsGoneAndOneParkedAfterTheLastWasRemovedIsFound() throws {
        try parked.park(caseID: "IP-1", message: "siinas.b", event: Data("{}".utf8), at: now)
        try parked.remove(try #require(try parked.parked(caseID: "IP-1").first).id)
        #expect(try parked.parked(caseID: "IP-1").isEmpty && parked.count() == 0)
        try parked.park(caseID: "IP-1", message: "siinas.c", event: Data("{}".utf8), at: now)
        #expect(try parked.parked(caseID: "IP-1").map(\.message) == ["siinas.c"])
    }

    @Test func aDatabaseOpenedWithMessagesParkedFindsThem() throws {
        try parked.park(caseID: "IP-1", message: "siinas.b", event: Data("{}".utf8), at: now)
        let reopened = try GatewayDatabase.open(path: fixture.folder.path())
        #expect(try reopened.parked.parked(caseID: "IP-1").count == 1)
    }
}
