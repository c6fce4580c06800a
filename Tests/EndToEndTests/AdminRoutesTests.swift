import Foundation
import GatewayCore
import GatewayDemo
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import NationalSystems
import Testing

/// The administrators' API over HTTP: pausing a national system, replaying dead letters.
@Suite struct AdminRoutesTests {
    static func systems(_ fixture: RigFixture) throws -> [String: JSONValue] {
        let listed = try JSONValue.decode(Data(fixture.rig.api(.get, "/api/systems").requireSuccess().body)).field("systems")?.array ?? []
        return Dictionary(listed.compactMap { view in view.field("system")?.text.map { ($0, view) } }, uniquingKeysWith: { first, _ in first })
    }

    @Test func aPausedSystemGetsNothingUntilResumedAndThenGetsItOnce() throws {
        let fixture = try RigFixture()
        _ = try fixture.rig.api(.post, "/api/systems/siinas/pause", body: Array(#"{"note": "SIINas maintenance"}"#.utf8)).requireSuccess()
        #expect(try Self.systems(fixture)["siinas"]?.field("paused") == true)
        #expect(try Self.systems(fixture)["siinas"]?.field("note") == "SIINas maintenance")

        let caseID = try OutboundTests.bapUploaded(fixture)
        let id = "\(caseID)/17/16/siinas.uploadBAP"
        #expect(Eventually.holds(within: .seconds(10)) { (try? fixture.read { try $0.outbox.message(id) }) != nil })
        // Twenty dispatch intervals (20 ms each) with the upload due: none of them may send it.
        fixture.rig.gateway.runtime.nudge(.dispatch("siinas"))
        #expect(!Eventually.holds(within: .milliseconds(400)) { !fixture.received("siinas", "/api/v1/verifikasi-teknis/").isEmpty })
        #expect(try fixture.read { try $0.outbox.message(id) }?.attempts == 0)
        #expect(try Self.systems(fixture)["siinas"]?.field("pending")?.text.flatMap(Int.init) ?? 0 >= 1)

        _ = try fixture.rig.api(.post, "/api/systems/siinas/resume").requireSuccess()
        #expect(Eventually.holds(within: .seconds(10)) { (try? fixture.read { try $0.outbox.message(id) })??.state == .delivered })
        #expect(fixture.received("siinas", "/api/v1/verifikasi-teknis/VT-2026-000101/bap").count == 1)
        let outcomes = try fixture.read { try $0.syncLog.list(.init(system: "siinas")) }.map(\.outcome)
        #expect(outcomes.contains("paused") && outcomes.contains("resumed"))
    }

    @Test func pausingNeedsAnAdminAndAKnownSystem() throws {
        let fixture = try RigFixture()
        #expect(try fixture.rig.api(.post, "/api/systems/siinas/pause", token: "dev-kabid").status == .forbidden)
        #expect(try fixture.rig.api(.post, "/api/systems/bkpm/pause").status == .notFound)
        #expect(try fixture.rig.api(.post, "/api/systems/oss/pause", token: nil).status == .unauthorized)
        let first = try JSONValue.decode(Data(fixture.rig.api(.post, "/api/systems/oss/pause").requireSuccess().body))
        let again = try JSONValue.decode(Data(fixture.rig.api(.post, "/api/systems/oss/pause").requireSuccess().body))
        #expect(first.field("changed") == true && again.field("changed") == false && again.field("paused") == true)
    }

    @Test func aDeadLetterIsReplayedThroughTheAPI() throws {
        let fixture = try RigFixture()
        let id = try OutboundTests.deadBAPUpload(fixture)
        #expect(try fixture.rig.api(.post, "/api/outbox/\(id.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)/retry", token: "dev-kadis").status == .forbidden)
        #expect(try fixture.rig.api(.post, "/api/outbox/no-such-id/retry").status == .notFound)

        let replayed = try JSONValue.decode(Data(fixture.rig.api(.post, "/api/outbox/retry-dead").requireSuccess().body))
        #expect(replayed.field("replayed") == 1)
        #expect(Eventually.holds(within: .seconds(10)) { (try? fixture.read { try $0.outbox.message(id) })??.state == .delivered })
        #expect(try fixture.read { try $0.syncLog.list(.init(system: "siinas")) }.map(\.outcome).contains("replayed"))
    }

    @Test func aReplayToAPausedSystemSaysItGoesWhenResumedAndARepeatSaysItIsAlreadyQueued() throws {
        let fixture = try RigFixture()
        let id = try OutboundTests.deadBAPUpload(fixture)
        try fixture.rig.api(.post, "/api/systems/siinas/pause").requireSuccess()
        let path = "/api/outbox/\(id.percentEncodedSegment)/retry"
        let first = try JSONValue.decode(Data(fixture.rig.api(.post, path).requireSuccess().body))
        #expect(first.field("replayed") == 1 && first.field("waitingForResume") == ["siinas"])
        let again = try JSONValue.decode(Data(fixture.rig.api(.post, path).requireSuccess().body))
        #expect(again.field("replayed") == 0 && again.field("already") == "pending")
        #expect(fixture.received("siinas", "/api/v1/verifikasi-teknis/VT-2026-000101/bap").count == 1)  // only the refused attempt
    }
}
