import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems
import Testing
@testable import GatewayDaemon

@Suite struct NIBCheckerTests {
    let kabid = Secrets.RoleToken(officer: "siti", roles: ["kabid"])
    static let recommendation = "RK-2026-000001"

    func checker(_ fixture: ProcessorFixture, _ stub: StubSystem, perMinute: Int = 600) -> NIBChecker {
        var target = fixture.configuration.settings.systems.oss
        target.url = stub.url
        return NIBChecker(ledger: FixtureLedger(fixture), oss: OSSClient(target: target, secrets: fixture.configuration.secrets), perMinute: perMinute)
    }

    /// OSS answering checkNIB with this status_nib (Lampiran 14) for every NIB.
    static func says(_ status: String) throws -> StubSystem {
        try StubSystem(.post, "/v1/kl/rba/checkNIB") { _ in StubSystem.json(["responcheckNIB": ["kode": 200, "dataNIB": ["status": .string(status)]]]) }
    }

    /// A Rekomendasi case (SOP 001, whose step 1 is the Kabid's) opened by a push of a NIB new to the gateway.
    func pushed(_ fixture: ProcessorFixture, nib: String = "8120000110001", idIzin: String = "I-1") throws {
        _ = try fixture.receive(ProcessorFixture.nib(nib, idIzin: idIzin, kdIzin: "030000000021", expansion: false), checkedByOSS: false)
    }

    func decideStep1(_ fixture: ProcessorFixture) throws {
        _ = try fixture.job { unit in try fixture.processor.decide(.init(step: 1, note: "lengkap"), on: Self.recommendation, by: kabid, in: unit) }
    }

    func kabidTasks(_ fixture: ProcessorFixture) throws -> [String] {
        try WorkList.tasks(role: "kabid", in: fixture.database, definitions: fixture.processor.library, calendar: fixture.configuration.calendar,
                           now: fixture.now).map(\.task.id)
    }

    func checks(_ fixture: ProcessorFixture) throws -> [SyncLogEntry] {
        try fixture.database.syncLog.list(.init()).filter { $0.method == "checkNIB" }
    }

    @Test func aNewNIBsCaseWaitsOnOSSUntilItsCheckAndIsTheOfficersAfterIt() throws {
        let fixture = try ProcessorFixture()
        try pushed(fixture)
        // The push committed without asking OSS; its check waits, and so does its case.
        #expect(try fixture.database.nibChecks.due(limit: 10).map(\.nib) == ["8120000110001"])
        #expect(try kabidTasks(fixture).isEmpty)
        #expect(throws: ProcessingError.awaitingNIBCheck(caseID: Self.recommendation, nib: "8120000110001")) { try decideStep1(fixture) }

        let stub = try Self.says("02")
        #expect(checker(fixture, stub).runOnce() == false)
        #expect(try JSONValue.decode(try #require(stub.requests.first).body) == ["CHECKNIB": ["nib": "8120000110001"]])
        #expect(try checks(fixture).map { [$0.outcome, $0.caseID, $0.messageID] } == [["checked", Self.recommendation, "8120000110001"]])
        #expect(try fixture.database.nibChecks.due(limit: 10).isEmpty)
        #expect(try kabidTasks(fixture) == [Self.recommendation])
        try decideStep1(fixture)
        #expect(try fixture.caseTask(Self.recommendation).step == 2)
    }

    @Test func aNIBOSSFrozeSincePushingItFreezesItsCaseAndOneItRevokedEndsIt() throws {
        let frozen = try ProcessorFixture()
        try pushed(frozen)
        let saysFrozen = try Self.says("05")
        _ = checker(frozen, saysFrozen).runOnce()
        #expect(try frozen.database.cases.load(Self.recommendation)?.isFrozen == true)
        #expect(try checks(frozen).first?.error?.contains("OSS says 05 now") == true)

        let revoked = try ProcessorFixture()
        try pushed(revoked)
        let saysRevoked = try Self.says("06")
        _ = checker(revoked, saysRevoked).runOnce()
        #expect(try revoked.caseTask(Self.recommendation).outcome == .revoked)
        #expect(try checks(revoked).map(\.outcome) == ["checked", "revoked"])
        let history = try #require(try revoked.database.cases.load(Self.recommendation)).history.map(\.event.kind)
        #expect(history.last == "ended")
    }

    @Test func aCheckOSSDoesNotAnswerLetsTheNIBGoOnAsPushed() throws {
        let fixture = try ProcessorFixture()
        try pushed(fixture)
        let stub = try StubSystem(.post, "/v1/kl/rba/checkNIB") { _ in StubSystem.json(["responcheckNIB": ["kode": 503]], status: .serviceUnavailable) }
        _ = checker(fixture, stub).runOnce()
        let logged = try #require(try checks(fixture).first)
        #expect(logged.outcome == "failed" && logged.error?.hasSuffix("the NIB goes on as pushed") == true)
        #expect(try kabidTasks(fixture) == [Self.recommendation])
    }

    @Test func onlyANIBNewToTheGatewayIsCheckedAndOnlyWhenOSSPushedIt() throws {
        let fixture = try ProcessorFixture()
        try pushed(fixture)
        try fixture.job { unit in try fixture.processor.nibChecked("8120000110001", .status("02"), latencyMilliseconds: 1, in: unit) }
        try pushed(fixture, idIzin: "I-2")  // the same NIB again, with another permit: known, not checked again
        #expect(try fixture.database.nibChecks.due(limit: 10).isEmpty)
        // A NIB the gateway pulled (inqueryNIB) is OSS's answer of now.
        let pulled = try ProcessorFixture.nib("8120000110002", idIzin: "I-3", kdIzin: "030000000021", expansion: false)
        _ = try fixture.job { unit in try fixture.processor.receive(pulled, raw: .init(body: Array("{}".utf8)), in: unit, pulledBy: "inqueryNIB") }
        #expect(try fixture.database.nibChecks.due(limit: 10).isEmpty)
    }

    @Test func noMoreChecksThanTheBudgetAllowsInAnyMinute() throws {
        let fixture = try ProcessorFixture()
        for number in 1...5 { try pushed(fixture, nib: "812000011000\(number)", idIzin: "I-\(number)") }
        let stub = try Self.says("02")
        let checker = checker(fixture, stub, perMinute: 3)
        while checker.runOnce() {}
        #expect(stub.requests.count == 3)
        #expect(!checker.mayWorkNow)  // the minute's budget is spent: a push's nudge would wake it for nothing
        fixture.now += 61
        #expect(checker.mayWorkNow)
        _ = checker.runOnce()
        #expect(stub.requests.count == 5)
        #expect(try fixture.database.nibChecks.due(limit: 10).isEmpty)
    }
}
