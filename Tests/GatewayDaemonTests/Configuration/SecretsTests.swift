import Foundation
import GatewayTestSupport
import Testing
@testable import GatewayDaemon
import NationalSystems

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

    /// Every variable a secret comes from, each with a value nobody could guess from the repository.
    static let realSecrets = Dictionary(uniqueKeysWithValues: Secrets.variables.map { variable in
        (variable, variable == "GERBANG_ROLE_TOKENS" ? #"{"a5c1f0e9b27d4c18a0f6e3b2d9c74e15": {"officer": "198001012005011001", "roles": ["admin"]}}"#
            : "real-\(variable.lowercased())-7f3a9c2e8b41d06f5a9c3e7b1d48f02a6c9e5b3d7f1a4c8e")
    })

    func refusal(_ settings: GatewaySettings, _ environment: [String: String] = [:]) -> String? {
        do {
            _ = try Secrets.resolve(settings: settings, roles: ["kabid"], environment: environment)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func developmentSecretsAreRefusedForASystemOffLoopback() {
        var remote = settings
        remote.systems.oss.url = "https://api-prd.oss.go.id"
        #expect(refusal(remote)?.contains("systems.oss.url is not on loopback") == true)
    }

    @Test func developmentSecretsAreRefusedWhenTheGatewayListensOnANetworkAddressNamingEveryVariableToSet() throws {
        for host in ["0.0.0.0", "::", "10.20.30.40", "192.168.1.10"] {
            var exposed = settings
            exposed.listen.host = host
            let message = try #require(refusal(exposed), "\(host)")
            #expect(message.contains("the gateway listens on \(host), which is not loopback"))
            for variable in Secrets.variables { #expect(message.contains(variable), "\(host): \(variable)") }
        }
        var loopback = settings
        loopback.listen.host = "127.0.0.2"
        #expect(refusal(loopback) == nil)
    }

    @Test func offLoopbackOnlyTheMissingAreNamedAndRealSecretsAreTaken() throws {
        var exposed = settings
        exposed.listen.host = "0.0.0.0"
        var partial = Self.realSecrets
        partial["GERBANG_SIPRO_KEY"] = nil
        let message = try #require(refusal(exposed, partial))
        #expect(message.contains("set GERBANG_SIPRO_KEY (") && !message.contains("GERBANG_OSS_USER_KEY"))
        #expect(refusal(exposed, Self.realSecrets) == nil)
    }

    @Test func offLoopbackADevelopmentValueSetByHandIsRefusedToo() throws {
        var exposed = settings
        exposed.listen.host = "0.0.0.0"
        var environment = Self.realSecrets
        environment["GERBANG_OSS_PASSWORD"] = DevelopmentSecrets.ossPassword
        #expect(refusal(exposed, environment)?.contains("GERBANG_OSS_PASSWORD holds its public development value") == true)
        environment = Self.realSecrets
        environment["GERBANG_ROLE_TOKENS"] = #"{"dev-admin": {"officer": "x", "roles": ["admin"]}}"#
        #expect(refusal(exposed, environment)?.contains("development tokens") == true)
        environment["GERBANG_ROLE_TOKENS"] = #"{"short": {"officer": "x", "roles": ["admin"]}}"#
        #expect(refusal(exposed, environment)?.contains("shorter than 32 characters") == true)
        environment["GERBANG_ROLE_TOKENS"] = #"{"a5c1f0e9b27d4c18a0f6e3b2d9c74e1": {"officer": "x", "roles": ["admin"]}}"#  // 31
        #expect(refusal(exposed, environment)?.contains("shorter than 32 characters") == true)
    }

    @Test func offLoopbackASigningSecretOrSessionKeyWithLessThan256BitsIsRefusedInPlainWords() throws {
        var exposed = settings
        exposed.listen.host = "0.0.0.0"
        for weak in ["a", String(repeating: "ab", count: 40), "0123456789abcdef0123456789abcdef", "correct horse battery staple"] {
            var environment = Self.realSecrets
            environment["GERBANG_SIINAS_SIGNING_SECRET"] = weak
            let message = try #require(refusal(exposed, environment), "\(weak)")
            #expect(message.contains("GERBANG_SIINAS_SIGNING_SECRET holds about") && message.contains("openssl rand -hex 32"))
            #expect(!message.contains("Optional("))
        }
        var environment = Self.realSecrets
        environment["GERBANG_SESSION_KEY"] = "sesi"
        #expect(refusal(exposed, environment)?.contains("GERBANG_SESSION_KEY holds about") == true)
        environment["GERBANG_SESSION_KEY"] = "9f2c4e7a1b3d5f608e2a4c6b8d0f1e3a5c7b9d2f4e6a8c0b1d3f5e7a9c2b4d6f"  // openssl rand -hex 32
        #expect(refusal(exposed, environment) == nil)
        // On loopback, with the mocks, a short secret of the developer's own is the developer's business.
        #expect(refusal(settings, ["GERBANG_SIINAS_SIGNING_SECRET": "a"]) == nil)
    }

    @Test func roleTokenRefusalsNameTheOfficersWithoutOptionalNoise() throws {
        var exposed = settings
        exposed.listen.host = "0.0.0.0"
        var environment = Self.realSecrets
        environment["GERBANG_ROLE_TOKENS"] = #"{"short": {"officer": "198001012005011001", "roles": ["admin"]}}"#
        let message = try #require(refusal(exposed, environment))
        #expect(message.contains("198001012005011001") && message.contains("the gateway listens on 0.0.0.0") && !message.contains("Optional("))
    }

    @Test func aSessionKeyFileThatCannotBeReadOrIsEmptyIsAnErrorNotASilentFallback() throws {
        #expect(refusal(settings, ["GERBANG_SESSION_KEY_FILE": "/nonexistent/session.key"])?.contains("cannot be read") == true)
        let folder = try TemporaryFolder()
        #expect(FileManager.default.createFile(atPath: folder.path("empty"), contents: Data("\n".utf8)))
        #expect(refusal(settings, ["GERBANG_SESSION_KEY_FILE": folder.path("empty")])?.contains("is empty") == true)
        #expect(FileManager.default.createFile(atPath: folder.path("key"), contents: Data("kunci-dari-berkas\n".utf8)))
        #expect(try Secrets.resolve(settings: settings, roles: [], environment: ["GERBANG_SESSION_KEY_FILE": folder.path("key")]).sessionKey
            == "kunci-dari-berkas")
    }

    @Test func aSessionIsKeptAsAKeyedHashThatAnotherKeyDoesNotOpen() throws {
        let one = try Secrets.resolve(settings: settings, roles: [], environment: ["GERBANG_SESSION_KEY": "kunci-satu"])
        let other = try Secrets.resolve(settings: settings, roles: [], environment: ["GERBANG_SESSION_KEY": "kunci-dua"])
        let cookie = "gbs_" + String(repeating: "7", count: 64)
        #expect(one.sessionDigest(cookie) != nil && one.sessionDigest(cookie) != other.sessionDigest(cookie))
        #expect(one.sessionDigest(cookie) != Digest.sha256Hex(Array(cookie.utf8)))
        let drawn = try Secrets.resolve(settings: settings, roles: [], environment: [:])
        #expect(drawn.sessionKey == Secrets.processSessionKey && drawn.sessionKey.count == 64)
    }

    @Test func roleTokensNameTheOfficerAndTheirRoles() throws {
        let given = try Secrets.resolve(settings: settings, roles: [], environment: [
            "GERBANG_ROLE_TOKENS": #"{"t-kabid": {"officer": "198001012005011001", "roles": ["kabid"]}}"#,
        ])
        #expect(given.officer(presenting: "t-kabid") == .init(officer: "198001012005011001", roles: ["kabid"]))
        #expect(given.officer(presenting: "t-kabi") == nil)
        let development = try Secrets.resolve(settings: settings, roles: ["kabid", "kadis"], environment: [:])
        #expect(development.officer(presenting: "dev-kadis")?.roles == ["kadis"])
        #expect(development.officer(presenting: "dev-viewer")?.roles == ["viewer"])
        #expect(development.officer(presenting: "dev-admin")?.roles == ["admin"])
    }
}
