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
        #expect(Eventually.holds { attempts() >= 3 })

        first.signal(SIGTERM)
        #expect(first.exitStatus() == 0)
        #expect(first.errorOutput.contains("stopped"))
        let database = try GatewayDatabase.openForReading(path: setting.folder.path("gerbang.sqlite"))
        #expect(try database.outbox.message(letter)?.state == .pending)
        #expect(setting.applied().isEmpty)

        try setting.admin("sipro", .delete, "faults")
        try setting.admin("oss", .delete, "faults")
        let second = try setting.start()
        defer { second.kill() }
        #expect(Eventually.holds { (try? setting.health(second).field("outboxPending")) == 0 })
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

    /// config/logrotate-gerbang as shipped, run by logrotate itself on a copy pointed at this gateway's file and process.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/logrotate"), "logrotate is installed (.ci/run installs it)"))
    func logrotateRenamesTheSyncLogAndTheGatewayWritesANewOne() throws {
        let setting = try Setting()
        let log = setting.folder.path("log/sync-log.jsonl")
        let gateway = try setting.start(extra: ["GERBANG_SYNC_LOG_FILE": log])
        defer { gateway.kill() }
        func admitted(_ name: String) throws {
            try setting.admin("oss", .post, "scenario", "{\"name\": \"\(name)\", \"emit\": true}")
        }
        func lines(_ file: String) -> [String] {
            ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        try admitted("izin-perluasan")
        #expect(Eventually.holds { lines(log).contains { $0.contains("receiveNIB") } })
        let before = lines(log)

        let shipped = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("config/logrotate-gerbang"), encoding: .utf8)
        let rules = shipped.replacingOccurrences(of: "/var/log/gerbang/sync-log.jsonl", with: log)
            .replacingOccurrences(of: "systemctl reload gerbang.service", with: "kill -HUP \(gateway.process.processIdentifier)")
            .replacingOccurrences(of: "create 0600 gerbang gerbang", with: "create 0600")
            .replacingOccurrences(of: "notifempty", with: "ifempty")
        let rulesFile = setting.folder.path("logrotate.conf")
        try rules.write(toFile: rulesFile, atomically: true, encoding: .utf8)
        let logrotate = Process()
        logrotate.executableURL = URL(fileURLWithPath: "/usr/sbin/logrotate")
        logrotate.arguments = ["--force", "--state", setting.folder.path("logrotate.state"), rulesFile]
        try logrotate.run()
        logrotate.waitUntilExit()
        #expect(logrotate.terminationStatus == 0)
        #expect(Eventually.holds { gateway.errorOutput.contains("SIGHUP: reloaded") })

        try admitted("verifikasi-nib")
        #expect(Eventually.holds { lines(log).contains { $0.contains("receiveNIB") } })
        let rotated = try FileManager.default.contentsOfDirectory(atPath: setting.folder.path("log")).filter { $0 != "sync-log.jsonl" }
        #expect(rotated.count == 1)
        // delaycompress: the newest rotation stays plain. It holds what was written before, and no line is in both files.
        let old = lines(setting.folder.path("log/" + (rotated.first ?? "")))
        #expect(Array(old.prefix(before.count)) == before)
        #expect(Set(old).isDisjoint(with: lines(log)))
    }

    @Test func sighupPutsAChangedSOPInForceForNewCasesAndRefusesABrokenFileKeepingTheRunningOne() throws {
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
        #expect(Eventually.holds { (try? activity()) != nil })
        let original = try #require(try activity())

        let text = try String(contentsOf: sop, encoding: .utf8)
        try text.replacingOccurrences(of: original, with: "Disposisi berkas (revisi SOP)").write(to: sop, atomically: true, encoding: .utf8)
        gateway.signal(SIGHUP)
        #expect(Eventually.holds { gateway.errorOutput.contains("SIGHUP: reloaded") })
        // The changed file is a new version for cases opened from now on; the open case finishes on its own.
        #expect(try activity() == original)
        let versions = try GatewayDatabase.openForReading(path: setting.folder.path("gerbang.sqlite")).sopVersions
        #expect(try versions.versions(of: "rekomendasi-izin-usaha-industri").map { "\($0.stored.version): \($0.cases) cases" }
                == ["1: 1 cases", "2: 0 cases"])

        // A setting only a restart changes is kept, and the operator is told so.
        let settings = config.appendingPathComponent("gerbang.json")
        let json = try String(contentsOf: settings, encoding: .utf8)
        try json.replacingOccurrences(of: #""pageSize": 100"#, with: #""pageSize": 50"#).write(to: settings, atomically: true, encoding: .utf8)
        gateway.signal(SIGHUP)
        #expect(Eventually.holds { gateway.errorOutput.contains("polling changed in gerbang.json but take effect only at a restart") })

        try "{ not json".write(to: sop, atomically: true, encoding: .utf8)
        gateway.signal(SIGHUP)
        #expect(Eventually.holds { gateway.errorOutput.contains("reload refused") })
        #expect(gateway.errorOutput.contains("rekomendasi-izin-usaha-industri.json: the file is not valid JSON: line 1, column 3"))
        #expect(try activity() == original)

        // The outcomes are in the sync log, /metrics and /readyz too, not only on standard error.
        let database = try GatewayDatabase.openForReading(path: setting.folder.path("gerbang.sqlite"))
        func reloads() throws -> [SyncLogEntry] { try database.syncLog.list(.init(system: "gateway")).filter { $0.method == "config.reload" } }
        #expect(Eventually.holds { (try? reloads())?.count == 3 })  // logged by the writer after the reply
        let reloads = try reloads()
        #expect(reloads.map(\.outcome) == ["reloaded", "reloaded", "refused"])
        #expect(reloads[1].error?.contains("needing a restart: polling") == true && reloads[2].error?.contains("line 1, column 3") == true)
        let metrics = String(decoding: try setting.client.send(ClientRequest(url: gateway.url + "/metrics", headers: ["Authorization": "Bearer dev-admin"]))
            .requireSuccess().body, as: UTF8.self)
        #expect(metrics.contains("\ngerbang_config_reload_success 0\n"))
        let ready = try JSONValue.decode(Data(try setting.client.send(ClientRequest(url: gateway.url + "/readyz",
                                                                                      headers: ["Authorization": "Bearer dev-admin"])).body))
        #expect(ready.field("ready") == true && ready.field("configuration")?.text?.contains("was refused") == true)
    }

    @Test func theStartTellsTheOperatorOnStandardErrorAndLeavesStandardOutputToTheSyncLog() throws {
        let setting = try Setting()
        let gateway = try setting.start(extra: ["GERBANG_SYNC_LOG_STDOUT": "true", "GERBANG_LISTEN_PROT": "8081"])
        defer { gateway.kill() }
        #expect(gateway.errorOutput.contains("gerbang: warning: GERBANG_LISTEN_PROT is not a variable gerbang reads: did you mean GERBANG_LISTEN_PORT?"))
        #expect(gateway.errorOutput.contains("gerbang: secrets: all 7 from development default"), "\(gateway.errorOutput)")
        #expect(!gateway.errorOutput.contains("Secrets("))
        try setting.admin("oss", .post, "scenario", #"{"name": "rekomendasi-izin-usaha-industri", "emit": true}"#)
        #expect(Eventually.holds { gateway.standardOutput.contains("receiveNIB") })
        let lines = gateway.standardOutput.split(separator: "\n")
        #expect(lines.allSatisfy { (try? JSONValue.decode(Array($0.utf8)))?.field("system") != nil }, "\(lines.prefix(3))")
    }

    @Test func withTheJSONLogFormatEveryOperatorLineIsAnObjectWithItsLevel() throws {
        let setting = try Setting()
        let gateway = try setting.start(arguments: ["--log-format", "json"], extra: ["GERBANG_SYSTEMS_SIPRO_URLL": "x"])
        defer { gateway.kill() }
        let lines = gateway.errorOutput.split(separator: "\n").map { try? JSONValue.decode(Array($0.utf8)) }
        #expect(!lines.isEmpty && lines.allSatisfy { $0?.field("time") != nil && $0?.field("message") != nil })
        #expect(lines.contains { $0?.field("level") == "warning" && $0?.field("message")?.text?.contains("GERBANG_SYSTEMS_SIPRO_URL?") == true })
        #expect(lines.contains { $0?.field("level") == "info" && $0?.field("url")?.text == gateway.url })
    }
}
