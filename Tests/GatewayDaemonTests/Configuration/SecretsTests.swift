import Foundation
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

@Suite struct SecretsTests {
    let settings = try! GatewaySettings.load(file: RepositoryFiles.configFolder + "/gerbang.json", environment: [:])

    @Test func secretsComeFromTheEnvironmentOrAFileAndNeverShowWhenPrinted() throws {
        let folder = try TemporaryFolder()
        try Data("file-secret\n".utf8).write(to: URL(fileURLWithPath: folder.path("sipro-key")))
        let secrets = try Secrets.resolve(settings: settings, roles: ["kabid"], environment: [
            "GERBANG_OSS_USER_KEY": "env-secret", "GERBANG_SIPRO_KEY_FILE": folder.path("sipro-key"),
        ])
        #expect(secrets.ossUserKey == "env-secret" && secrets.siproKey == "file-secret")
        let printed = "\(secrets) \(String(reflecting: secrets)) \(Mirror(reflecting: secrets).children.map { "\($0.value)" })"
        #expect(!printed.contains("env-secret") && !printed.contains("file-secret"))
        #expect(printed.contains("OSS_USER_KEY from environment"))
    }

    @Test func developmentSecretsAreRefusedForASystemOffLoopback() {
        var remote = settings
        remote.systems.oss.url = "https://api-prd.oss.go.id"
        #expect {
            try Secrets.resolve(settings: remote, roles: [], environment: [:])
        } throws: { error in
            (error as? SettingsError)?.description.contains("only for systems on loopback") == true
        }
    }

    @Test func roleTokensNameTheOfficerAndTheirRoles() throws {
        let given = try Secrets.resolve(settings: settings, roles: [], environment: [
            "GERBANG_ROLE_TOKENS": #"{"t-kabid": {"officer": "198001012005011001", "roles": ["kabid"]}}"#,
        ])
        #expect(given.officer(presenting: "t-kabid") == .init(officer: "198001012005011001", roles: ["kabid"]))
        #expect(given.officer(presenting: "t-kabi") == nil)
        let development = try Secrets.resolve(settings: settings, roles: ["kabid", "kadis"], environment: [:])
        #expect(development.officer(presenting: "dev-kadis")?.roles == ["kadis"])
    }
}
