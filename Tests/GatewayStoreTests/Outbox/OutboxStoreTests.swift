import Foundation
import Testing
@testable import GatewayStore

@Suite struct OutboxStoreTests {
    let now = Date(timeIntervalSince1970: 1_797_814_800)

    func message(_ id: String, key: String? = nil, target: String = "oss", caseID: String? = nil, at time: Date? = nil) -> OutboxMessage {
        OutboxMessage(id: id, idempotencyKey: key ?? "key-\(id)", target: target, kind: "receiveLicenseStatus", caseID: caseID ?? "case-\(id)", idIzin: "I-1",
                      request: .init(method: "POST", path: "/v1/kl/rba/receiveLicenseStatus", body: "{}"), createdAt: time ?? now)
    }

    @Test func aMessageWithAKnownIdempotencyKeyIsNotQueuedTwice() throws {
        let outbox = try GatewayDatabaseFixture().database.outbox
        #expect(try outbox.enqueue(message("m1", key: "same")))
        #expect(try !outbox.enqueue(message("m2", key: "same")))
        #expect(try outbox.list().map(\.id) == ["m1"])
    }

    @Test func dueMessagesAreThoseOfTheTargetWhoseTimeHasCome() throws {
        let outbox = try GatewayDatabaseFixture().database.outbox
        try outbox.enqueue(message("early"))
        try outbox.enqueue(message("later", at: now + 60))
        try outbox.enqueue(message("other", target: "siinas"))
        #expect(try outbox.due(target: "oss", at: now).map(\.id) == ["early"])
        #expect(try outbox.due(target: "oss", at: now + 60).map(\.id) == ["early", "later"])
    }

    @Test func theSameRequestDeliveredEarlierInTheCaseIsCounted() throws {
        let outbox = try GatewayDatabaseFixture().database.outbox
        try outbox.enqueue(message("returned-1", target: "sipro", caseID: "II-1"))
        try outbox.enqueue(message("returned-2", target: "sipro", caseID: "II-1"))
        try outbox.enqueue(message("elsewhere", target: "sipro", caseID: "II-2"))
        try outbox.markDelivered("returned-1", attempt: 1, status: 200, at: now)
        try outbox.markDelivered("elsewhere", attempt: 1, status: 200, at: now)
        #expect(try outbox.deliveredAlike("returned-2") == 1)  // another case's same request does not count
        #expect(try outbox.deliveredAlike("returned-1") == 0)  // the later one is not delivered yet
    }

    @Test func aCasesMessageWaitsWhileAnEarlierOneToTheSameTargetIsPending() throws {
        let outbox = try GatewayDatabaseFixture().database.outbox
        try outbox.enqueue(message("nomor-izin", target: "sipro", caseID: "II-1"))
        try outbox.enqueue(message("siap-diambil", target: "sipro", caseID: "II-1"))
        try outbox.enqueue(message("other-case", target: "sipro", caseID: "II-2"))
        try outbox.markFailed("nomor-izin", attempt: 1, status: 503, error: "unavailable", nextAttempt: now + 30)
        #expect(try outbox.due(target: "sipro", at: now).map(\.id) == ["other-case"])
        #expect(try outbox.due(target: "sipro", at: now + 30).map(\.id) == ["other-case", "nomor-izin"])
        try outbox.markDelivered("nomor-izin", attempt: 2, status: 200, at: now + 30)
        #expect(try outbox.due(target: "sipro", at: now + 30).map(\.id) == ["siap-diambil", "other-case"])
    }

    @Test func aFailureIsRetriedLaterOrBecomesADeadLetterThatCanBeReplayed() throws {
        let outbox = try GatewayDatabaseFixture().database.outbox
        try outbox.enqueue(message("m1"))
        try outbox.markFailed("m1", attempt: 1, status: 503, error: "Service Unavailable", nextAttempt: now + 30)
        #expect(try outbox.due(target: "oss", at: now).isEmpty)
        #expect(try outbox.message("m1")?.attempts == 1)
        try outbox.markFailed("m1", attempt: 2, status: 400, error: "Data izin tidak ditemukan", nextAttempt: nil)
        let dead = try #require(try outbox.message("m1"))
        #expect(dead.state == .dead && dead.lastError == "Data izin tidak ditemukan" && dead.lastStatus == 400)
        #expect(try outbox.counts() == [.dead: 1])
        #expect(try outbox.replay(at: now + 100).deadLetters.map(\.id) == ["m1"])
        #expect(try outbox.due(target: "oss", at: now + 100).map(\.id) == ["m1"])
        try outbox.markDelivered("m1", attempt: 3, status: 200, at: now + 101)
        #expect(try outbox.message("m1")?.state == .delivered)
        #expect(try outbox.replay(at: now + 200) == .init(deadLetters: [], released: []))
    }

    @Test func behindADeadLetterTheCasesLaterMessagesToTheSameTargetAreHeldUntilItIsReplayed() throws {
        let outbox = try GatewayDatabaseFixture().database.outbox
        try outbox.enqueue(message("nomor-izin", target: "sipro", caseID: "II-1"))
        try outbox.enqueue(message("siap-diambil", target: "sipro", caseID: "II-1"))
        try outbox.enqueue(message("other-case", target: "sipro", caseID: "II-2"))
        try outbox.enqueue(message("letter", target: "dpmptsp", caseID: "II-1"))
        try outbox.markFailed("nomor-izin", attempt: 3, status: 503, error: "unavailable", nextAttempt: nil)

        let held = try #require(try outbox.message("siap-diambil"))
        #expect(held.state == .held && held.heldBehind == "nomor-izin")
        #expect(try outbox.due(target: "sipro", at: now + 60).map(\.id) == ["other-case"])
        #expect(try outbox.due(target: "dpmptsp", at: now + 60).map(\.id) == ["letter"])  // another target is not held
        // A message the case queues later still is held behind the same dead letter.
        try outbox.enqueue(message("status", target: "sipro", caseID: "II-1", at: now + 10))
        #expect(try outbox.message("status")?.heldBehind == "nomor-izin")
        #expect(try outbox.counts()[.held] == 2)

        let replayed = try outbox.replay("nomor-izin", at: now + 100)
        #expect(replayed.deadLetters.map(\.id) == ["nomor-izin"] && replayed.released.map(\.id) == ["siap-diambil", "status"])
        // In order: the replayed one first; each later one once the one before it is delivered.
        #expect(try outbox.due(target: "sipro", at: now + 100).map(\.id) == ["other-case", "nomor-izin"])
        try outbox.markDelivered("nomor-izin", attempt: 4, status: 200, at: now + 101)
        #expect(try outbox.due(target: "sipro", at: now + 101).map(\.id) == ["other-case", "siap-diambil"])
    }

    @Test func aDeadLetterReplayedAndDeadAgainHoldsTheLaterMessagesAgain() throws {
        let outbox = try GatewayDatabaseFixture().database.outbox
        try outbox.enqueue(message("first", caseID: "NIB-1"))
        try outbox.enqueue(message("second", caseID: "NIB-1"))
        try outbox.markFailed("first", attempt: 1, status: 400, error: "refused", nextAttempt: nil)
        try outbox.replay(at: now + 10)
        #expect(try outbox.message("second")?.state == .pending)
        try outbox.markFailed("first", attempt: 2, status: 400, error: "refused again", nextAttempt: nil)
        #expect(try outbox.message("second")?.state == .held)
    }

    @Test func cancellingACaseCancelsItsHeldMessagesToo() throws {
        let outbox = try GatewayDatabaseFixture().database.outbox
        try outbox.enqueue(message("first", caseID: "NIB-1"))
        try outbox.enqueue(message("second", caseID: "NIB-1"))
        try outbox.markFailed("first", attempt: 1, status: 400, error: "refused", nextAttempt: nil)
        #expect(try outbox.cancel(caseID: "NIB-1", reason: "dibatalkan").sorted() == ["first", "second"])
        #expect(try outbox.counts() == [.cancelled: 2])
    }
}
