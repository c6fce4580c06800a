import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems
import Testing
@testable import GatewayDaemon

@Suite struct OSSReconcilerTests {
    func reconciler(_ fixture: ProcessorFixture, _ stub: StubSystem) -> OSSReconciler {
        var target = fixture.configuration.settings.systems.oss
        target.url = stub.url
        return OSSReconciler(ledger: FixtureLedger(fixture), oss: OSSClient(target: target, secrets: fixture.configuration.secrets),
                             metrics: GatewayMetrics(), intervalMilliseconds: 1000)
    }

    static func shows(_ code: String) -> @Sendable (HTTPRequest) -> HTTPResponse {
        { _ in StubSystem.json(["responcheckLicenseStatus": ["kode": 200, "dataIZIN": ["id_izin": "I-1", "kd_status": .string(code)]]]) }
    }

    @Test func whatOSSShowsIsRecordedAndAFinalStatusIsNotAskedAgain() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        let stub = try StubSystem(.post, "/v1/kl/rba/checkLicenseStatus", answer: Self.shows("50"))
        let reconciler = reconciler(fixture, stub)
        _ = reconciler.runOnce()
        #expect(try fixture.database.permits.permit("I-1")?.ossStatus == "50")
        let body = try JSONValue.decode(try #require(stub.requests.first).body)
        #expect(body == ["CHECKLICENSESTATUS": ["id_izin": "I-1"]])
        #expect(stub.requests.first?.headers["user_key"] == fixture.configuration.secrets.ossUserKey)
        _ = reconciler.runOnce()
        #expect(stub.requests.count == 1)  // 50 is final (oss-rba.md §1.7)
        #expect(try fixture.database.syncLog.list(.init()).filter { $0.method == "checkLicenseStatus" }.map(\.outcome) == ["status"])
    }

    @Test func anOpenStatusIsAskedAgainAndAReplyWithoutOneIsLoggedAsFailed() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        let asked = try StubSystem(.post, "/v1/kl/rba/checkLicenseStatus", answer: Self.shows("45"))
        let reconciler = reconciler(fixture, asked)
        _ = reconciler.runOnce()
        _ = reconciler.runOnce()
        #expect(asked.requests.count == 2)
        let silent = try StubSystem(.post, "/v1/kl/rba/checkLicenseStatus") { _ in StubSystem.json(["responcheckLicenseStatus": ["kode": 200]]) }
        _ = self.reconciler(fixture, silent).runOnce()
        let failed = try #require(try fixture.database.syncLog.list(.init()).last)
        #expect(failed.method == "checkLicenseStatus" && failed.outcome == "failed" && failed.error == "the reply shows no status of the permit")
    }
}
