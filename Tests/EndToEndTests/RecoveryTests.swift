import Foundation
import GatewayCore
import GatewayDemo
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import MockNationalSystems
import NationalSystems
import Testing

/// A gateway stopped abruptly loses nothing it committed and sends nothing twice.
@Suite struct RecoveryTests {
    /// Mocks on free ports, a database, and `gerbang serve` processes started against them.
    final class Setting {
        let folder: TemporaryFolder
        let mocks: [MockServer]
        let client = HTTPClient()
        let environment: [String: String]

        init(overrides: [String: String] = [:]) throws {
            folder = try TemporaryFolder()
            var options = MockSystems.Options(scenarios: ScenarioLibrary(folder: RepositoryFiles.root.appendingPathComponent("fixtures/scenarios").path))
            options.ports = ["oss": 0, "siinas": 0, "sipro": 0]
            mocks = try MockSystems.start(MockSystems.all, options: options)
            // What the in-process rig gives its gateway, for a gateway in a process of its own.
            environment = Rig.environment(RigFixture.options(folder: folder, overrides: overrides), mocks: mocks)
            // No receiver remembers keys: a message sent twice is applied twice, so "once" is the gateway's doing.
            for system in ["oss", "siinas", "sipro"] { try admin(system, .put, "config", #"{"idempotencyMemory": false}"#) }
        }

        deinit {
            for mock in mocks { mock.stop(grace: .zero) }
        }

        func mock(_ name: String) -> MockServer { mocks.first { $0.name == name }! }

        func start(configFile: String? = nil, arguments: [String] = [], extra: [String: String] = [:]) throws -> GatewayProcess {
            let merged = environment.merging(extra) { $1 }
            let gateway = try configFile.map { try GatewayProcess(environment: merged, configFile: $0, arguments: arguments) }
                ?? GatewayProcess(environment: merged, arguments: arguments)
            for mock in mocks { mock.context.update { $0.agencyURL = gateway.url } }
            return gateway
        }

        func admin(_ system: String, _ method: HTTPMethod, _ path: String, _ body: String = "") throws {
            _ = try client.send(ClientRequest(method: method, url: mock(system).url + "/__admin/" + path,
                                              headers: ["Content-Type": "application/json"], body: Array(body.utf8))).requireSuccess()
        }

        /// A Rekomendasi case decided through step 8, whose letter to DPMPTSP and status push to OSS are then committed.
        func decideRecommendation(on gateway: GatewayProcess) throws -> String {
            try admin("oss", .post, "scenario", #"{"name": "rekomendasi-izin-usaha-industri", "emit": true}"#)
            let url = gateway.url
            let desk = OfficerDesk(definitions: try RepositoryFiles.definitionIDs.map(RepositoryFiles.definition), pace: .immediate) { method, path, token, body in
                var headers: HTTPHeaders = ["Content-Type": "application/json"]
                if let token { headers.add("Authorization", "Bearer " + token) }
                return try HTTPClient().send(ClientRequest(method: method, url: url + path, headers: headers, body: body))
            }
            desk.plan("I-20261217093000000000301", CasePlan(documents: [8]))  // the signed recommendation goes with the letter
            var made: [OfficerDesk.Made] = []
            while !made.contains(where: { $0.step == 8 }), made.count < 20 { made += try desk.work() }
            return try #require(made.first?.caseID)
        }

        /// Idempotency keys of the letters and status pushes the mocks acted on, one per time they did.
        func applied() -> [String] {
            (mock("sipro").context.journal.entries(direction: .received, pathPrefix: "/api/v1/surat-masuk")
                + mock("oss").context.journal.entries(direction: .received, pathPrefix: "/v1/kl/rba/receiveLicenseStatus"))
                .filter { $0.method == "POST" && $0.applied }.compactMap { $0.header("Idempotency-Key") }
        }

        func health(_ gateway: GatewayProcess) throws -> JSONValue {
            try JSONValue.decode(Data(client.send(ClientRequest(url: gateway.url + "/api/health")).requireSuccess().body))
        }
    }

    @Test func aGatewayKilledRightAfterCommittingSendsWhatItOwesOnceAfterRestart() throws {
        let setting = try Setting()
        let first = try setting.start()
        let caseID = try setting.decideRecommendation(on: first)
        first.kill()  // step 8's letter and the permit's status push are committed; sent or not, nobody knows

        let second = try setting.start()
        defer { second.kill() }
        let expected = ["\(caseID)/8/8/dpmptsp.recommendationLetter", "I-20261217093000000000301/status/45"].sorted()
        #expect(Eventually.holds { (try? setting.health(second).field("outboxPending")) == 0 })
        #expect(setting.applied().sorted() == expected)
        #expect(try setting.health(second).field("deadLetters") == 0)
    }

    @Test func aGatewayKilledAfterSendingButBeforeHearingBackDoesNotSendTwice() throws {
        let setting = try Setting()
        // DPMPTSP files the letter, then the connection drops: the gateway never hears that it arrived.
        try setting.admin("sipro", .put, "faults", #"{"resetRate": 1, "paths": ["/api/v1/surat-masuk"]}"#)
        let first = try setting.start()
        let caseID = try setting.decideRecommendation(on: first)
        let letter = "\(caseID)/8/8/dpmptsp.recommendationLetter"
        #expect(Eventually.holds { setting.applied().contains(letter) })
        first.kill()

        try setting.admin("sipro", .delete, "faults")
        let second = try setting.start()
        defer { second.kill() }
        #expect(Eventually.holds { (try? setting.health(second).field("outboxPending")) == 0 })
        #expect(setting.applied().filter { $0 == letter }.count == 1)
        // The restarted gateway read DPMPTSP's letter box, found the letter there, and did not send it again.
        let box = setting.mock("sipro").context.journal.entries(direction: .received, pathPrefix: "/api/v1/surat-masuk")
        let lastSent = try #require(box.last { $0.method == "POST" && $0.header("Idempotency-Key") == letter })
        #expect(box.contains { $0.method == "GET" && $0.sequence > lastSent.sequence })
    }

    /// How many times OSS applied the status for the scenario's permit, counted by content: with its
    /// idempotency memory off, as the real OSS has none, a repeat under the same key is applied again.
    func statusesApplied(_ setting: Setting) -> Int {
        setting.mock("oss").context.journal.entries(direction: .received, pathPrefix: "/v1/kl/rba/receiveLicenseStatus")
            .filter { $0.method == "POST" && $0.applied && $0.body.contains("I-20261217093000000000301") && $0.body.contains(#""kd_status":"45""#) }
            .count
    }

    @Test func anOSSStatusWhoseReplyWasLostIsConfirmedByAskingNotSentAgain() throws {
        let setting = try Setting()
        // OSS applies every status push, and every reply is lost: only asking can tell the gateway it arrived.
        try setting.admin("oss", .put, "faults", #"{"resetRate": 1, "paths": ["/v1/kl/rba/receiveLicenseStatus"]}"#)
        let gateway = try setting.start()
        defer { gateway.kill() }
        _ = try setting.decideRecommendation(on: gateway)
        #expect(Eventually.holds { (try? setting.health(gateway).field("outboxPending")) == 0 })
        #expect(statusesApplied(setting) == 1)
        #expect(try setting.health(gateway).field("deadLetters") == 0)
        let asked = setting.mock("oss").context.journal.entries(direction: .received, pathPrefix: "/v1/kl/rba/checkLicenseStatus")
        #expect(asked.contains { $0.body.contains("I-20261217093000000000301") })
    }

    @Test func aGatewayKilledWhileTellingOSSDoesNotTellItTwiceAfterRestart() throws {
        let setting = try Setting()
        try setting.admin("oss", .put, "faults", #"{"resetRate": 1, "paths": ["/v1/kl/rba/receiveLicenseStatus"]}"#)
        let first = try setting.start()
        _ = try setting.decideRecommendation(on: first)
        #expect(Eventually.holds { statusesApplied(setting) > 0 })
        first.kill()  // OSS holds the status; whether the gateway recorded its failed attempt, nobody knows

        try setting.admin("oss", .delete, "faults")
        let second = try setting.start()
        defer { second.kill() }
        #expect(Eventually.holds { (try? setting.health(second).field("outboxPending")) == 0 })
        #expect(statusesApplied(setting) == 1)
    }
}
