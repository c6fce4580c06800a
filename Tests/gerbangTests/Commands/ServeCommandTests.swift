import Foundation
import GatewayHTTP
import GatewayTestSupport
import Testing

/// `gerbang serve` refuses to start where it would be unsafe. Proven by refused starts:
/// nothing here listens on a network address.
@Suite struct ServeCommandTests {
    /// The environment of a gateway that would listen on every interface with the shipped gerbang.json.
    func exposed(_ folder: TemporaryFolder, _ extra: [String: String] = [:]) -> [String: String] {
        ["GERBANG_LISTEN_HOST": "0.0.0.0", "GERBANG_LISTEN_PORT": "0", "GERBANG_DATABASE": folder.path("gerbang.sqlite")]
            .merging(extra) { $1 }
    }

    @Test func onANetworkAddressItDoesNotStartOnDevelopmentSecretsAndNamesEachVariableToSet() throws {
        let folder = try TemporaryFolder()
        let output = try GerbangProcess.run(["serve"], extra: exposed(folder))
        #expect(output.status == 1)
        #expect(output.stderr.contains("the gateway listens on 0.0.0.0, which is not loopback"))
        for variable in ["GERBANG_OSS_USER_KEY", "GERBANG_OSS_USERNAME", "GERBANG_OSS_PASSWORD", "GERBANG_SIINAS_TOKEN",
                         "GERBANG_SIINAS_SIGNING_SECRET", "GERBANG_SIPRO_KEY", "GERBANG_ROLE_TOKENS"] {
            #expect(output.stderr.contains(variable), "\(variable)")
        }
        #expect(!output.stdout.contains("ready gateway"))
        #expect(!FileManager.default.fileExists(atPath: folder.path("gerbang.sqlite")))  // refused before anything was made
    }

    @Test func onANetworkAddressTheDevelopmentAdminTokenIsRefusedEvenWhenGivenByHand() throws {
        let folder = try TemporaryFolder()
        var secrets = Dictionary(uniqueKeysWithValues: ["OSS_USER_KEY", "OSS_USERNAME", "OSS_PASSWORD", "SIINAS_TOKEN", "SIINAS_SIGNING_SECRET",
                                                        "SIPRO_KEY"].map { ("GERBANG_" + $0, "k-\($0.lowercased())-41c9e07d2b8f3a6c5e1d9b7a2f4c8e0d6b3a9f1c5e7d2b") })
        secrets["GERBANG_ROLE_TOKENS"] = #"{"dev-admin": {"officer": "dev-admin", "roles": ["admin"]}}"#
        let output = try GerbangProcess.run(["serve"], extra: exposed(folder, secrets))
        #expect(output.status == 1 && output.stderr.contains("GERBANG_ROLE_TOKENS") && output.stderr.contains("development tokens"))
    }

    @Test func aStartWhosePortIsTakenFailsSayingSoAndLeavesNoFileBehind() throws {
        let folder = try TemporaryFolder()
        let taken = try ListeningSocket(host: "127.0.0.1", port: 0)
        let output = try GerbangProcess.run(["serve"], extra: ["GERBANG_LISTEN_PORT": String(taken.port),
                                                                "GERBANG_DATABASE": folder.path("var/gerbang.sqlite")])
        #expect(output.status == 1)
        #expect(output.stderr.contains("cannot listen on 127.0.0.1:\(taken.port)"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("var")))
    }
}
