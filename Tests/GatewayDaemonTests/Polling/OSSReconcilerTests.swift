import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems
import Testing
@testable import GatewayDaemon

@Suite struct OSSReconcilerTests {
    func reconciler(_ fixture: ProcessorFixture, _ stub: StubSystem, perMinute: Int = 60) -> OSSReconciler {
        var target = fixture.configuration.settings.systems.oss
        target.url = stub.url
        return OSSReconciler(ledger: FixtureLedger(fixture), oss: OSSClient(target: target, secrets: fixture.configuration.secrets),
                             budget: CallBudget(perMinute: perMinute), metrics: GatewayMetrics(), polling: fixture.configuration.settings.polling)
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
        fixture.now += 86_400
        _ = reconciler.runOnce()
        #expect(stub.requests.count == 1)  // 50 is final (oss-rba.md §1.7)
        #expect(try fixture.database.syncLog.list(.init()).filter { $0.method == "checkLicenseStatus" }.map(\.outcome) == ["status"])
    }

    @Test func theSignedPermitOSSShowsAsTheAttachmentIsKeptAsTheSignedDocumentNotTakenForAnUpload() throws {
        let signed = "https://oss.example/ds/I-1.pdf"
        for (shown, isUpload) in [(signed, false), ("https://oss.example/lampiran/I-1.pdf", true)] {
            let fixture = try ProcessorFixture()
            _ = try fixture.receive(ProcessorFixture.nib())
            // OSS shows the permit signed (50) before its receiveFileDS push reached the gateway.
            let stub = try StubSystem(.post, "/v1/kl/rba/{method}") { request in
                switch request.pathParameters["method"] {
                case "inqueryFileDS": StubSystem.json(["responInqueryFileDS": ["status": "200", "url_file_ds": .string(signed)]])
                default: StubSystem.json(["responcheckLicenseStatus": ["kode": 200, "dataIZIN": [
                    "id_izin": "I-1", "kd_status": "50", "file_lampiran": .string(shown)]]])
                }
            }
            _ = reconciler(fixture, stub).runOnce()
            let uploads = try fixture.database.inbox.list().filter { $0.dedupKey.hasPrefix("oss:lampiran:") }
            #expect(uploads.count == (isUpload ? 1 : 0), "\(shown)")
            #expect(try fixture.database.permits.permit("I-1")?.fileDS == (isUpload ? nil : signed), "\(shown)")
        }
    }

    @Test func aPermitFoundUnchangedWaitsTwiceAsLongEachTimeUpToTheLongestWait() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        let stub = try StubSystem(.post, "/v1/kl/rba/checkLicenseStatus", answer: Self.shows("45"))
        let reconciler = reconciler(fixture, stub)
        let polling = fixture.configuration.settings.polling
        var asked: [Date] = []
        let end = fixture.now + 3 * 86_400
        while fixture.now < end {
            let before = stub.requests.count
            _ = reconciler.runOnce()
            if stub.requests.count > before { asked.append(fixture.now) }
            fixture.now += 30
        }
        let waits = zip(asked.dropFirst(), asked).map { $0.timeIntervalSince($1) }
        let shortest = Double(polling.ossReconcileMilliseconds) / 1000, longest = Double(polling.ossCheckMaxIntervalMinutes) * 60
        // The first answer (45) is a change from nothing known; each later one is unchanged: 1, 2, 4, 8 … times the shortest wait.
        #expect(Array(waits.prefix(4)) == [shortest, 2 * shortest, 4 * shortest, 8 * shortest])
        #expect(waits.max() == longest && waits.last == longest)
    }

    @Test func aThousandOpenPermitsAreAllAskedWithinTheBudgetsPeriodAndNoMinuteHasMoreCalls() throws {
        let fixture = try ProcessorFixture()
        try fixture.job { unit in
            for number in 0..<1000 {
                let idIzin = "I-\(number)"
                try unit.database.permits.add(PermitCommitments(idIzin: idIzin, nib: "812", kinds: [.technicalVerification], at: unit.now),
                                              kdIzin: nil, namaIzin: nil, sop: nil, caseID: nil, references: .init(), at: unit.now)
            }
        }
        let clock = Locked(fixture.now)
        let calls = Locked<[(at: Date, idIzin: String)]>([])
        let stub = try StubSystem(.post, "/v1/kl/rba/checkLicenseStatus") { request in
            let idIzin = (try? JSONValue.decode(request.body))?.field("CHECKLICENSESTATUS")?.field("id_izin")?.text ?? "?"
            calls.withLock { $0.append((clock.withLock { $0 }, idIzin)) }
            return StubSystem.json(["responcheckLicenseStatus": ["kode": 200, "dataIZIN": ["id_izin": .string(idIzin), "kd_status": "45"]]])
        }
        let reconciler = reconciler(fixture, stub, perMinute: 60)
        // The stated period: 1,000 permits at 60 calls a minute, every one asked within 17 minutes (1000 / 60, rounded up).
        let period: TimeInterval = 17 * 60
        let start = fixture.now
        while fixture.now < start + period {
            while reconciler.runOnce() {}
            fixture.now += 1
            clock.withLock { $0 = fixture.now }
        }
        let made = calls.withLock { $0 }
        #expect(Set(made.map(\.idIzin)).count == 1000)
        for call in made {
            #expect(made.filter { $0.at > call.at - 60 && $0.at <= call.at }.count <= 60)
        }
    }

    @Test func aReplyWithoutAStatusIsLoggedAsFailedAndThePermitAskedAgainAfterTheShortestWait() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        let silent = try StubSystem(.post, "/v1/kl/rba/checkLicenseStatus") { _ in StubSystem.json(["responcheckLicenseStatus": ["kode": 200]]) }
        let reconciler = reconciler(fixture, silent)
        _ = reconciler.runOnce()
        let failed = try #require(try fixture.database.syncLog.list(.init()).last)
        #expect(failed.method == "checkLicenseStatus" && failed.outcome == "failed" && failed.error == "the reply shows no status of the permit")
        fixture.now += Double(fixture.configuration.settings.polling.ossReconcileMilliseconds) / 1000
        _ = reconciler.runOnce()
        #expect(silent.requests.count == 2)
    }
}
