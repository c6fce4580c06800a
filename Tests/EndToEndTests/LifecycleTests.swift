import Foundation
import GatewayCore
import Glibc
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import NationalSystems
import Testing

/// `gerbang serve` as an operator runs it: stopped with SIGTERM, reloaded with SIGHUP, started twice by mistake.
@Suite struct LifecycleTests {
    typealias Setting = RecoveryTests.Setting

    @Test func sigtermDuringRetriesExitsZeroAndTheNextStartDeliversWhatWasPendingOnce() throws {
        // Retries every 100 ms for long enough that SIGTERM comes while they go on.
        let retries = "[" + Array(repeating: "0.1", count: 100).joined(separator: ", ") + "]"
        let setting = try Setting(overrides: ["GERBANG_SYSTEMS_DPMPTSP_RETRY_DELAYS_SECONDS": retries,
                                              "GERBANG_SYSTEMS_OSS_RETRY_DELAYS_SECONDS": retries])
        try setting.admin("sipro", .put, "faults", #"{"failFirst": 100000, "errorStatus": 503, "paths": ["/api/v1/surat-masuk"]}"#)
        try setting.admin("oss", .put, "faults", #"{"failFirst": 100000, "errorStatus": 503, "paths": ["/v1/kl/rba/receiveLicenseStatus"]}"#)
        let first = try setting.start()
        let caseID = try setting.decideRecommendation(on: first)
        let letter = "\(caseID)/8/8/dpmptsp.recommendationLetter"
        let attempts = { setting.mock("sipro").context.journal.entries(direction: .received, pathPrefix: "/api/v1/surat-masuk").count }
        #expect(Eventually.holds(within: .seconds(10)) { attempts() >= 3 })

        first.signal(SIGTERM)
        #expect(first.exitStatus(within: .seconds(15)) == 0)
        #expect(first.errorOutput.contains("stopped"))
        let database = try GatewayDatabase.openForReading(path: setting.folder.path("gerbang.sqlite"))
        #expect(try database.outbox.message(letter)?.state == .pending)
        #expect(setting.applied().isEmpty)

        try setting.admin("sipro", .delete, "faults")
        try setting.admin("oss", .delete, "faults")
        let second = try setting.start()
        defer { second.kill() }
        #expect(Eventually.holds(within: .seconds(15)) { (try? setting.health(second).field("outboxPending")) == 0 })
        #expect(setting.applied().sorted() == [letter, "I-20261217093000000000301/status/45"].sorted())
    }

    @Test func aSecondGatewayOnTheSameDatabaseRefusesToStart() throws {
        let setting = try Setting()
        let first = try setting.start()
        defer { first.kill() }
        #expect {
            _ = try setting.start()
        } throws: { error in
            "\(error)".contains("another gateway (pid \(first.process.processIdentifier)) is running on")
        }
        #expect(try setting.health(first).field("deadLetters") == 0)  // the first one goes on
    }

    @Test func sighupReloadsTheSOPsAndRefusesABrokenFileKeepingTheRunningOne() throws {
        let setting = try Setting()
        let config = setting.folder.url.appendingPathComponent("config")
        try FileManager.default.copyItem(at: RepositoryFiles.root.appendingPathComponent("config"), to: config)
        let sop = config.appendingPathComponent("sop/rekomendasi-izin-usaha-industri.json")
        let gateway = try setting.start(configFile: config.appendingPathComponent("gerbang.json").path)
        defer { gateway.kill() }
        try setting.admin("oss", .post, "scenario", #"{"name": "rekomendasi-izin-usaha-industri", "emit": true}"#)
        func activity() throws -> String? {
            let response = try setting.client.send(ClientRequest(url: gateway.url + "/api/cases", headers: ["Authorization": "Bearer dev-admin"]))
            return try JSONValue.decode(Data(response.requireSuccess().body)).field("cases")?.array?.first?.field("activity")?.text
        }
        #expect(Eventually.holds(within: .seconds(10)) { (try? activity()) != nil })
        let original = try #require(try activity())

        let text = try String(contentsOf: sop, encoding: .utf8)
        try text.replacingOccurrences(of: original, with: "Disposisi berkas (revisi SOP)").write(to: sop, atomically: true, encoding: .utf8)
        gateway.signal(SIGHUP)
        #expect(Eventually.holds(within: .seconds(10)) { gateway.errorOutput.contains("SIGHUP: reloaded") })
        #expect(try activity() == "Disposisi berkas (revisi SOP)")

        try "{ not json".write(to: sop, atomically: true, encoding: .utf8)
        gateway.signal(SIGHUP)
        #expect(Eventually.holds(within: .seconds(10)) { gateway.errorOutput.contains("reload refused") })
        #expect(gateway.errorOutput.contains("rekomendasi-izin-usaha-industri.json"))
        #expect(try activity() == "Disposisi berkas (revisi SOP)")
    }
}
