import Foundation
import Glibc
import GatewayTestSupport
import Testing

/// `gerbang doctor`: one line per check, and exit 1 when one fails.
@Suite struct DoctorCommandTests {
    @Test func itChecksEachPartAndFailsWhenASystemDoesNotAnswer() throws {
        let folder = try TemporaryFolder()
        try SampleDatabase.make(at: folder.path())
        // Nothing listens on port 9: every national system "does not answer".
        let output = try GerbangProcess.run(["doctor", "--json"], extra: [
            "GERBANG_DATABASE": folder.path(), "GERBANG_SYSTEMS_OSS_URL": "http://127.0.0.1:9", "GERBANG_SYSTEMS_SIINAS_URL": "http://127.0.0.1:9",
            "GERBANG_SYSTEMS_SIPRO_URL": "http://127.0.0.1:9", "GERBANG_SYSTEMS_DPMPTSP_URL": "http://127.0.0.1:9",
        ])
        #expect(output.status == 1)
        let checks = try #require(try GerbangProcess.json(output) as? [[String: String]])
        let verdicts = Dictionary(checks.map { ($0["name"] ?? "", $0["verdict"] ?? "") }, uniquingKeysWith: { first, _ in first })
        #expect(verdicts["settings"] == "ok" && verdicts["SOP definitions"] == "ok" && verdicts["routing rules"] == "ok")
        #expect(verdicts["database"] == "ok" && verdicts["file modes"] == "ok")
        #expect(verdicts["system oss"] == "failed" && verdicts["system sipro"] == "failed")
        #expect(checks.first { $0["name"] == "system oss" }?["detail"]?.contains("http://127.0.0.1:9") == true)
        // The shipped SOPs come from a Dinas Perindustrian, Kalbar's, Rokan Hilir's DPMPTSP and Pekalongan's Dinas (the seeds' headers).
        let provenance = checks.first { $0["name"] == "SOP provenance" }
        #expect(provenance?["verdict"] == "warning")
        #expect(["Kalimantan Barat", "Rokan Hilir", "Pekalongan"].allSatisfy { provenance?["detail"]?.contains($0) == true })
    }

    @Test func aDatabaseOthersMayReadIsWarnedOf() throws {
        let folder = try TemporaryFolder()
        try SampleDatabase.make(at: folder.path())
        #expect(chmod(folder.path(), 0o644) == 0)
        let output = try GerbangProcess.run(["doctor", "--json"], extra: ["GERBANG_DATABASE": folder.path()])
        let checks = try #require(try GerbangProcess.json(output) as? [[String: String]])
        let modes = checks.first { $0["name"] == "file modes" }
        #expect(modes?["verdict"] == "warning" && modes?["detail"]?.contains("\(folder.path()) is 644") == true)
    }

    @Test func onANetworkAddressTheDevelopmentSecretsFailAndAMissingProxyIsWarnedOf() throws {
        let folder = try TemporaryFolder()
        let output = try GerbangProcess.run(["doctor", "--json"], extra: [
            "GERBANG_LISTEN_HOST": "0.0.0.0", "GERBANG_DATABASE": folder.path("gerbang.sqlite"),
        ])
        #expect(output.status == 1)
        let checks = try #require(try GerbangProcess.json(output) as? [[String: String]])
        func check(_ name: String) -> [String: String]? { checks.first { $0["name"] == name } }
        #expect(check("secrets")?["verdict"] == "failed")
        #expect(check("secrets")?["detail"]?.contains("GERBANG_OSS_USER_KEY") == true)
        #expect(check("exposure")?["verdict"] == "warning" && check("exposure")?["detail"]?.contains("trustedProxies") == true)
    }

    @Test func behindAProxyWithoutAPublicAddressTheDocumentLinksAreWarnedOf() throws {
        let folder = try TemporaryFolder()
        func exposure(_ extra: [String: String]) throws -> [String: String]? {
            let output = try GerbangProcess.run(["doctor", "--json"], extra: extra.merging([
                "GERBANG_SECURITY_TRUSTED_PROXIES": #"["127.0.0.1"]"#, "GERBANG_DATABASE": folder.path("gerbang.sqlite"),
            ]) { given, _ in given })
            return (try GerbangProcess.json(output) as? [[String: String]])?.first { $0["name"] == "exposure" }
        }
        let unnamed = try exposure([:])
        #expect(unnamed?["verdict"] == "warning" && unnamed?["detail"]?.contains("listen.publicURL") == true)
        #expect(try exposure(["GERBANG_LISTEN_PUBLIC_URL": "https://gerbang.example.go.id"])?["verdict"] == "ok")
    }

    @Test func aRoutedPermitCodeOSSDoesNotListIsWarnedOf() throws {
        let folder = try TemporaryFolder()
        let config = folder.url.appendingPathComponent("config")
        try FileManager.default.copyItem(at: RepositoryFiles.root.appendingPathComponent("config"), to: config)
        func codes() throws -> [String: String]? {
            let output = try GerbangProcess.run(["doctor", "--json", "--config", config.path], extra: ["GERBANG_DATABASE": folder.path("g.sqlite")])
            return (try GerbangProcess.json(output) as? [[String: String]])?.first { $0["name"] == "OSS permit codes" }
        }
        #expect(try codes()?["detail"]?.contains("never fetched") == true)
        // OSS's list without 030000000021, which routing.json routes to the Rekomendasi.
        let listed = ["030000000001", "030000000012"].map { #"{"kode": "\#($0)", "uraian": "", "keterangan": ""}"# }.joined(separator: ", ")
        try FileManager.default.createDirectory(at: config.appendingPathComponent("referensi"), withIntermediateDirectories: true)
        try #"{"kode": "8", "fetchedAt": "2026-11-30T09:00:00+07:00", "source": "https://oss", "rows": [\#(listed)]}"#
            .write(to: config.appendingPathComponent("referensi/kode-8.json"), atomically: true, encoding: .utf8)
        let found = try #require(try codes())
        #expect(found["verdict"] == "warning" && found["detail"]?.contains("routes kd_izin 030000000021, which OSS did not list") == true)
    }

    @Test func aBrokenSOPIsNamed() throws {
        let folder = try TemporaryFolder()
        let config = folder.url.appendingPathComponent("config")
        try FileManager.default.copyItem(at: RepositoryFiles.root.appendingPathComponent("config"), to: config)
        try "{".write(to: config.appendingPathComponent("sop/izin-insidentil.json"), atomically: true, encoding: .utf8)
        let output = try GerbangProcess.run(["doctor", "--config", config.path])
        #expect(output.status == 1)
        let line = output.stdout.split(separator: "\n").first { $0.contains("SOP definitions") }
        #expect(line?.hasPrefix("FAILED") == true && line?.contains("izin-insidentil.json") == true)
    }

    @Test(.timeLimit(.minutes(1)))
    func eachSystemIsProvenWithItsCredentialsAndARefusedKeyOrAWrongPathFails() throws {
        let (mocks, lines) = try MockCommandTests().start(["all", "--oss-port", "0", "--siinas-port", "0", "--sipro-port", "0"], expecting: 3)
        defer { kill(mocks.processIdentifier, SIGKILL); mocks.waitUntilExit() }
        let urls = Dictionary(lines.map { line in
            let parts = line.split(separator: " ").map(String.init)
            return (parts[1], parts[2])
        }, uniquingKeysWith: { first, _ in first })
        let folder = try TemporaryFolder()
        let output = try GerbangProcess.run(["doctor", "--json"], extra: [
            "GERBANG_DATABASE": folder.path(), "GERBANG_SYSTEMS_OSS_URL": urls["oss"] ?? "", "GERBANG_SYSTEMS_SIINAS_URL": urls["siinas"] ?? "",
            "GERBANG_SYSTEMS_SIPRO_URL": (urls["sipro"] ?? "") + "/salah", "GERBANG_SYSTEMS_DPMPTSP_URL": urls["sipro"] ?? "",
            "GERBANG_SIINAS_TOKEN": "not-the-siinas-token-4f1c",
        ])
        let checks = try #require(try GerbangProcess.json(output) as? [[String: String]])
        let found = Dictionary(checks.map { ($0["name"] ?? "", ($0["verdict"] ?? "", $0["detail"] ?? "")) }, uniquingKeysWith: { first, _ in first })
        #expect(found["system oss"]?.0 == "ok" && found["system oss"]?.1.contains("checkLicenseStatus") == true)
        #expect(found["system dpmptsp"]?.0 == "ok")
        #expect(found["system siinas"]?.0 == "failed" && found["system siinas"]?.1.contains("refused the credentials (HTTP 401)") == true)
        #expect(found["system sipro"]?.0 == "failed" && found["system sipro"]?.1.contains("HTTP 404") == true)
        #expect(output.status == 1)
    }

    @Test func aMistypedVariableAndTheDatabasesHolderAreReported() throws {
        let folder = try TemporaryFolder()
        let output = try GerbangProcess.run(["doctor", "--json"], extra: ["GERBANG_DATABASE": folder.path(), "GERBANG_DATABSE": "x"])
        let checks = try #require(try GerbangProcess.json(output) as? [[String: String]])
        let environment = checks.first { $0["name"] == "environment" }
        #expect(environment?["verdict"] == "warning" && environment?["detail"]?.contains("did you mean GERBANG_DATABASE?") == true)
        #expect(checks.first { $0["name"] == "gateway" }?["detail"]?.contains("no gateway holds \(folder.path())") == true)
    }
}
