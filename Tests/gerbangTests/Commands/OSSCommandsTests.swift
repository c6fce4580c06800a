import Foundation
import Glibc
import GatewayTestSupport
import Testing

/// `gerbang oss referensi` and `gerbang oss fetch`.
@Suite struct OSSCommandsTests {
    @Test(.timeLimit(.minutes(1)))
    func referensiSavesOSSsPermitCodesWhereDoctorReadsThem() throws {
        let (mock, out, _) = GerbangProcess.make(["mock", "oss", "--port", "0"])
        try mock.run()
        defer { kill(mock.processIdentifier, SIGKILL); mock.waitUntilExit() }
        let ready = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        let url = try #require(ready.split(separator: "\n").first?.split(separator: " ").last.map(String.init))

        let folder = try TemporaryFolder()
        let config = folder.url.appendingPathComponent("config")
        try FileManager.default.copyItem(at: RepositoryFiles.root.appendingPathComponent("config"), to: config)
        let output = try GerbangProcess.run(["oss", "referensi", "8", "--config", config.path], extra: ["GERBANG_SYSTEMS_OSS_URL": url])
        #expect(output.status == 0, "\(output.stderr)")
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: config.appendingPathComponent("referensi/kode-8.json"))) as? [String: Any]
        let codes = (saved?["rows"] as? [[String: String]])?.compactMap { $0["kode"] } ?? []
        // The mock lists the permit codes its scenarios use (fixtures/scenarios), every one routing.json routes among them.
        #expect(codes.contains("030000000001") && codes.contains("030000000021") && saved?["source"] as? String == url)
        let doctor = try GerbangProcess.run(["doctor", "--json", "--config", config.path], extra: ["GERBANG_DATABASE": folder.path("g.sqlite")])
        let check = (try GerbangProcess.json(doctor) as? [[String: String]])?.first { $0["name"] == "OSS permit codes" }
        #expect(check?["verdict"] == "ok")
    }

    @Test func fetchWithoutAGatewaySaysWhereItLooked() throws {
        let output = try GerbangProcess.run(["oss", "fetch", "8120000110001", "--gateway", "http://127.0.0.1:9"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("cannot reach the gateway at http://127.0.0.1:9"))
    }
}
