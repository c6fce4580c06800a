import Foundation
import Testing
@testable import GatewayStore

@Suite struct SyncLogStoreTests {
    let now = Date(timeIntervalSince1970: 1_797_814_800)

    @Test func entriesAreFilteredBySystemCaseAndFailure() throws {
        let log = try GatewayDatabaseFixture().database.syncLog
        try log.append(SyncLogEntry(at: now, system: "oss", method: "receiveNIB", direction: .incoming, caseID: "IP-1", outcome: "accepted"))
        try log.append(SyncLogEntry(at: now, system: "siinas", method: "uploadBAP", direction: .outgoing, caseID: "IP-1", attempt: 1, httpStatus: 503, outcome: "retrying", error: "503"))
        try log.append(SyncLogEntry(at: now, system: "oss", method: "receiveLicenseStatus", direction: .outgoing, caseID: "IP-2", httpStatus: 200, outcome: "delivered"))
        #expect(try log.list(.init()).map(\.method) == ["receiveNIB", "uploadBAP", "receiveLicenseStatus"])
        #expect(try log.list(.init(system: "oss")).count == 2)
        #expect(try log.list(.init(caseID: "IP-1")).count == 2)
        #expect(try log.list(.init(failedOnly: true)).map(\.method) == ["uploadBAP"])
    }

    @Test func eachSystemsHealthCountsTheLastHourAndFindsItsLastSuccessWhenEver() throws {
        let log = try GatewayDatabaseFixture().database.syncLog
        try log.append(SyncLogEntry(at: now - 7200, system: "oss", method: "receiveNIB", direction: .incoming, outcome: "accepted"))
        try log.append(SyncLogEntry(at: now - 60, system: "siinas", method: "uploadBAP", direction: .outgoing, outcome: "retrying", error: "503"))
        try log.append(SyncLogEntry(at: now - 30, system: "siinas", method: "uploadBAP", direction: .outgoing, outcome: "delivered"))
        try log.append(SyncLogEntry(at: now - 20, system: "siinas", method: "uploadBAP", direction: .outgoing, outcome: "queued"))
        let health = try log.health(since: now - 3600, systems: ["oss", "siinas", "sipro"])
        #expect(health["oss"] == .init(recent: 0, recentFailed: 0, lastSuccess: now - 7200))  // two hours ago: not recent, still its last success
        #expect(health["siinas"] == .init(recent: 2, recentFailed: 1, lastSuccess: now - 30))  // queued is no exchange
        #expect(health["sipro"] == nil)
    }

    /// Each outcome counts in the minutes of exchanges and failures as SyncLogEntry says.
    @Test func everyOutcomeCountsInTheHealthAsTheEntrySaysItShould() throws {
        let outcomes = SyncLogEntry.failedOutcomes + SyncLogEntry.succeededOutcomes + SyncLogEntry.notExchanges + ["warning", "escalated"]
        for outcome in outcomes {
            let log = try GatewayDatabaseFixture().database.syncLog
            try log.append(SyncLogEntry(at: now - 10, system: "oss", method: "m", direction: .outgoing, outcome: outcome))
            let health = try log.health(since: now - 3600, systems: ["oss"])["oss"] ?? .init()
            #expect(health.recent == (SyncLogEntry.notExchanges.contains(outcome) ? 0 : 1), "\(outcome)")
            #expect(health.recentFailed == (SyncLogEntry.failedOutcomes.contains(outcome) ? 1 : 0), "\(outcome)")
            #expect(health.lastSuccess == (SyncLogEntry.succeededOutcomes.contains(outcome) ? now - 10 : nil), "\(outcome)")
        }
    }

    @Test func theHealthCountsByWholeMinutesAndForgetsMinutesOlderThanADay() throws {
        let log = try GatewayDatabaseFixture().database.syncLog
        try log.append(SyncLogEntry(at: now - 3661, system: "oss", method: "m", direction: .incoming, outcome: "rejected"))  // the minute before
        try log.append(SyncLogEntry(at: now - 3599, system: "oss", method: "m", direction: .incoming, outcome: "rejected"))
        #expect(try log.health(since: now - 3600, systems: ["oss"])["oss"]?.recent == 1)
        #expect(try log.health(since: now - 3590, systems: ["oss"])["oss"]?.recent == 1)  // the same minute: counted whole
        try log.append(SyncLogEntry(at: now + 2 * 86_400, system: "oss", method: "m", direction: .incoming, outcome: "accepted"))
        #expect(try log.health(since: now - 7200, systems: ["oss"])["oss"]?.recent == 1)  // only the new one is left
        #expect(try log.list(.init(system: "oss")).count == 3)  // the log itself keeps them all
        try log.append(SyncLogEntry(at: now + 2 * 86_400, system: "gateway", method: "case.opened", direction: .incoming, outcome: "opened"))
        #expect(try log.health(since: now, systems: ["gateway"])["gateway"] == nil)  // the gateway's own events are no exchange
    }

    @Test func followingReadsWhatCameAfterTheLastSeenEntry() throws {
        let log = try GatewayDatabaseFixture().database.syncLog
        let first = try log.append(SyncLogEntry(at: now, system: "oss", method: "a", direction: .incoming, outcome: "accepted"))
        try log.append(SyncLogEntry(at: now, system: "oss", method: "b", direction: .incoming, outcome: "accepted"))
        #expect(try log.list(.init(afterID: first)).map(\.method) == ["b"])
    }

    @Test func entriesCanBeFilteredByMethodWithoutALimitHidingThem() throws {
        let log = try GatewayDatabaseFixture().database.syncLog
        try log.append(SyncLogEntry(at: now, system: "gateway", method: "config.reload", direction: .incoming, outcome: "refused"))
        for _ in 0..<5 { try log.append(SyncLogEntry(at: now, system: "gateway", method: "authentication", direction: .incoming, outcome: "throttled")) }
        let reloads = try log.list(.init(system: "gateway", method: "config.reload", limit: 1))
        #expect(reloads.map(\.outcome) == ["refused"])
        #expect(try log.count(.init(method: "authentication")) == 5)
    }
}
