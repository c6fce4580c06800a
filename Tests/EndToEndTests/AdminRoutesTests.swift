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
        #expect(Eventually.holds { (try? fixture.read { try $0.outbox.message(id) }) != nil })
        // Twenty rounds of the SIINas dispatcher with the upload due, counted, however long they take: none may send it.
        let runtime = fixture.rig.gateway.runtime
        let before = runtime.rounds(of: .dispatch("siinas"))
        #expect(Eventually.holds { runtime.nudge(.dispatch("siinas")); return runtime.rounds(of: .dispatch("siinas")) >= before + 20 })
        #expect(fixture.received("siinas", "/api/v1/verifikasi-teknis/").isEmpty)
        #expect(try fixture.read { try $0.outbox.message(id) }?.attempts == 0)
        #expect(try Self.systems(fixture)["siinas"]?.field("pending")?.text.flatMap(Int.init) ?? 0 >= 1)

        _ = try fixture.rig.api(.post, "/api/systems/siinas/resume").requireSuccess()
        #expect(Eventually.holds { (try? fixture.read { try $0.outbox.message(id) })??.state == .delivered })
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
        #expect(Eventually.holds { (try? fixture.read { try $0.outbox.message(id) })??.state == .delivered })
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

    @Test func sopMigrateMovesTheOpenCasesOfAVersionByACheckedMapAndLogsEachMove() throws {
        let folder = try TemporaryFolder()
        let config = folder.url.appendingPathComponent("config")
        try FileManager.default.copyItem(at: RepositoryFiles.root.appendingPathComponent("config"), to: config)
        let fixture = try RigFixture(in: folder, configFolder: config.path)
        try fixture.rig.admin("oss", .post, "scenario", ["name": "rekomendasi-izin-usaha-industri", "emit": true])
        #expect(Eventually.holds { (try? fixture.cases().count) == 1 })
        let opened = try #require(try fixture.cases().first)
        let caseID = try #require(opened.field("id")?.text)
        #expect(opened.field("step") == 1 && opened.field("sopVersion") == 1)

        // Version 2 words the Tim Teknis's check (step 2) otherwise; the case at step 1 goes on at that step.
        let sop = config.appendingPathComponent("sop/rekomendasi-izin-usaha-industri.json")
        let original = try JSONValue.decode(Data(contentsOf: sop)).field("steps")?.array?[1].field("activity")?.text ?? ""
        try String(contentsOf: sop, encoding: .utf8).replacingOccurrences(of: original, with: "Verifikasi berkas (SOP revisi)")
            .write(to: sop, atomically: true, encoding: .utf8)
        try fixture.rig.gateway.reload(environment: RigFixture.fastIntervals)
        let path = "/api/sop/rekomendasi-izin-usaha-industri/migrate"
        func migrate(_ body: String, token: String? = "dev-admin") throws -> ClientResponse {
            try fixture.rig.api(.post, path, token: token, body: Array(body.utf8))
        }

        // Refused, with nothing moved: not an admin; an unknown version; step 1 unmapped; mapped to a step version 2 lacks.
        #expect(try migrate(#"{"from": 1, "to": 2, "steps": [{"from": 1, "to": 2}]}"#, token: "dev-kabid").status == .forbidden)
        #expect(try migrate(#"{"from": 1, "to": 3, "steps": [{"from": 1, "to": 2}]}"#).status == .notFound)
        let unmapped = try migrate(#"{"from": 1, "to": 2, "steps": [{"from": 2, "to": 2}]}"#)
        #expect(unmapped.status == .unprocessableContent)
        #expect(String(decoding: unmapped.body, as: UTF8.self).contains("step 1 of version 1 has 1 open case and the map does not say where it goes"))
        #expect(try migrate(#"{"from": 1, "to": 2, "steps": [{"from": 1, "to": 30}]}"#).status == .unprocessableContent)
        #expect(try migrate(#"{"from": 1, "to": 2, "steps": [{"from": 1, "to": "dua"}]}"#).status == .badRequest)
        #expect(try migrate(#"{"from": 1, "to": 2, "steps": [{"from": 1, "to": 2}, {"from": 1, "to": 3}]}"#).status == .conflict)
        #expect(try migrate(#"{"from": 1, "to": 2, "steps": []}"#).status == .badRequest)
        #expect(try migrate(#"{"from": 1, "to": 2, "steps": [{"from": 1, "to": 2}], "dryRun": "ya"}"#).status == .badRequest)
        let dry = try JSONValue.decode(Data(migrate(#"{"from": 1, "to": 2, "steps": [{"from": 1, "to": 2}], "dryRun": true}"#).requireSuccess().body))
        #expect(dry.field("moved")?.array?.count == 1)
        #expect(try fixture.detail(caseID).field("task")?.field("sopVersion") == 1)

        let done = try JSONValue.decode(Data(migrate(#"{"from": 1, "to": 2, "steps": [{"from": 1, "to": 2}]}"#).requireSuccess().body))
        #expect(done.field("moved") == [["caseID": .string(caseID), "fromStep": 1, "toStep": 2]])
        let task = try #require(try fixture.detail(caseID).field("task"))
        #expect(task.field("sopVersion") == 2 && task.field("step") == 2 && task.field("activity") == "Verifikasi berkas (SOP revisi)")
        let logged = try fixture.read { try $0.syncLog.list(.init(caseID: caseID)) }.filter { $0.method == "sop.migrate" }
        #expect(logged.map(\.outcome) == ["migrated"])
        #expect(logged.first?.error?.contains("version 1 step 1 → version 2 step 2") == true)
        let versions = try fixture.read { try $0.sopVersions.versions(of: "rekomendasi-izin-usaha-industri") }
        #expect(versions.map { "\($0.stored.version): \($0.cases) cases, \($0.open) open" } == ["1: 0 cases, 0 open", "2: 1 cases, 1 open"])
    }

    @Test func archivingThroughTheAPINeedsAnAdminAndAPlainDryRunFlag() throws {
        let fixture = try RigFixture()
        #expect(try fixture.rig.api(.post, "/api/archive", token: "dev-kabid").status == .forbidden)
        for body in [#"{"dryRun": {}}"#, #"{"dryRun": "yes"}"#, "[]"] {
            #expect(try fixture.rig.api(.post, "/api/archive", body: Array(body.utf8)).status == .badRequest, "\(body)")
        }
        let dry = try JSONValue.decode(Data(fixture.rig.api(.post, "/api/archive", body: Array(#"{"dryRun": true}"#.utf8)).requireSuccess().body))
        #expect(dry.field("dryRun") == true && dry.field("syncLogEntries") == 0)
    }
}
