import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems
import Testing
@testable import GatewayDaemon

@Suite struct FeedPollerTests {
    static let notification: JSONValue = ["id": "N-1", "sequence": 1, "type": "data_industri.dipenuhi", "occurred_at": "2026-12-17T09:00:00+07:00",
                                          "request_id": "VT-1", "nib": "8120000110001", "id_izin": "I-1"]

    func poller(_ fixture: ProcessorFixture, _ stub: StubSystem, pageSize: Int = 10) -> FeedPoller {
        var target = fixture.configuration.settings.systems.siinas
        target.url = stub.url
        return FeedPoller(SIINasWire.feed, target: target, credentials: ["Authorization": "Bearer t"], pageSize: pageSize,
                          intervalMilliseconds: 1000, ledger: FixtureLedger(fixture), metrics: GatewayMetrics())
    }

    @Test func aPageIsAppliedItemByItemAndTheCursorMovesWithItInOneJob() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        let stub = try StubSystem(.get, "/api/v1/notifications") { _ in
            StubSystem.json(["notifications": [Self.notification, ["id": "N-2", "type": 7]], "next_cursor": "2"])
        }
        #expect(poller(fixture, stub).runOnce() == false)  // two items, a page of ten: nothing more now
        #expect(stub.requests.first?.target == "/api/v1/notifications?after=0&limit=10")
        #expect(stub.requests.first?.headers["Authorization"] == "Bearer t")
        #expect(try fixture.database.cursors.cursor("siinas.feed") == "2")
        #expect(try fixture.database.inbox.count(state: .rejected) == 1)  // the unreadable item, kept with why
        #expect(try fixture.database.permits.permit("I-1")?.commitments.commitment(.industryData)?.state == .fulfilled)
    }

    @Test func aFullPageAsksForTheNextAtOnceAndTheSameItemTwiceIsADuplicate() throws {
        let fixture = try ProcessorFixture()
        let stub = try StubSystem(.get, "/api/v1/notifications") { _ in
            StubSystem.json(["notifications": [Self.notification], "next_cursor": "1"])
        }
        let poller = poller(fixture, stub, pageSize: 1)
        #expect(poller.runOnce() == true)
        #expect(poller.runOnce() == true)
        #expect(stub.requests.last?.target == "/api/v1/notifications?after=1&limit=1")
        #expect(try fixture.database.syncLog.list(.init()).filter { $0.method == "feed" || $0.outcome == "duplicate" }.map(\.outcome) == ["duplicate"])
    }

    @Test func aFeedThatFailsLeavesTheCursorAndLogsWhy() throws {
        let fixture = try ProcessorFixture()
        let stub = try StubSystem(.get, "/api/v1/notifications") { _ in StubSystem.json(["error": "down"], status: .serviceUnavailable) }
        #expect(poller(fixture, stub).runOnce() == false)
        #expect(try fixture.database.cursors.cursor("siinas.feed") == nil)
        let failed = try #require(try fixture.database.syncLog.list(.init()).last)
        #expect(failed.system == "siinas" && failed.method == "feed" && failed.outcome == "failed" && failed.error?.contains("503") == true)
    }
}
