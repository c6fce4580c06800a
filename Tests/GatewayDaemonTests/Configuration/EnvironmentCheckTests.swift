import Foundation
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

/// Mistyped GERBANG_* variables are named with the closest known one, instead of being ignored.
@Suite struct EnvironmentCheckTests {
    let settingsFile = RepositoryFiles.configFolder + "/gerbang.json"

    @Test func aMistypedOverrideIsNamedWithTheVariableItWasMeantToBe() {
        let unknown = EnvironmentCheck.unknown(in: ["GERBANG_LISTEN_PROT": "8081", "GERBANG_LISTEN_PORT": "8080", "HOME": "/root",
                                                    "GERBANG_OSS_PASSWROD_FILE": "/run/x", "GERBANG_SOMETHING_ELSE_ENTIRELY": "1"],
                                               settingsFile: settingsFile)
        #expect(unknown == [
            .init(name: "GERBANG_LISTEN_PROT", closest: "GERBANG_LISTEN_PORT"),
            .init(name: "GERBANG_OSS_PASSWROD_FILE", closest: "GERBANG_OSS_PASSWORD_FILE"),
            .init(name: "GERBANG_SOMETHING_ELSE_ENTIRELY", closest: nil),
        ])
    }

    @Test func everySettingOfTheFileAndEverySecretIsKnownIncludingOpenKeys() {
        let known = EnvironmentCheck.known(settingsFile: settingsFile)
        for name in ["GERBANG_SYSTEMS_OSS_RETRY_DELAYS_SECONDS", "GERBANG_SERVICE_LEVELS_ESCALATE_TO_TIM_TEKNIS", "GERBANG_POLLING_CHECKPOINT_MILLISECONDS",
                     "GERBANG_SECURITY_FAILED_AUTHENTICATION_BLOCK_SECONDS", "GERBANG_ROLE_TOKENS_FILE", "GERBANG_DATABASE"] {
            #expect(known.contains(name), "\(name)")
        }
    }

    /// A variable some code reads but the check does not know would be warned about as unknown.
    @Test func everyVariableTheSourcesNameIsKnown() throws {
        let known = EnvironmentCheck.known(settingsFile: settingsFile)
        let sources = RepositoryFiles.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        var named: Set<String> = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /"(GERBANG_[A-Z0-9_]+)"/) { named.insert(String(match.1)) }
        }
        #expect(named.count > 20)
        #expect(named.subtracting(known).isEmpty)
    }

    @Test func theEditDistanceCountsInsertionsDeletionsAndSubstitutions() {
        #expect(EnvironmentCheck.editDistance("PORT", "PROT") == 2)
        #expect(EnvironmentCheck.editDistance("URL", "URLS") == 1)
        #expect(EnvironmentCheck.editDistance("", "DB") == 2)
        #expect(EnvironmentCheck.editDistance("KEY", "KEY") == 0)
    }
}
