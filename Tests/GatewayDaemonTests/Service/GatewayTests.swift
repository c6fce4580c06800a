import Foundation
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

@Suite struct GatewayTests {
    @Test func aReloadCannotPutAProxyInFrontOnlyARestartCan() throws {
        let folder = try TemporaryFolder()
        let environment = ["GERBANG_DATABASE": folder.path(), "GERBANG_SYNC_LOG_STDOUT": "false", "GERBANG_LISTEN_PORT": "0"]
        let gateway = try Gateway(configuration: GatewayConfiguration.load(file: RepositoryFiles.configFolder + "/gerbang.json",
                                                                           environment: environment))
        var proxied = environment.merging(["GERBANG_SECURITY_TRUSTED_PROXIES": #"["127.0.0.1"]"#]) { $1 }
        // On the development secrets the reload is refused: they were taken because the gateway was not exposed.
        #expect { try gateway.reload(environment: proxied) } throws: { error in
            "\(error)".contains("security.trustedProxies lists a reverse proxy")
        }
        for variable in Secrets.variables where variable != "GERBANG_ROLE_TOKENS" { proxied[variable] = "real-\(variable.lowercased())-5e1f9a3c7b2d8e4f6a0c1b9d3e7f5a2c8b4d6e0f" }
        proxied["GERBANG_ROLE_TOKENS"] = "{}"
        try gateway.reload(environment: proxied)
        #expect(gateway.runtime.configuration.settings.security.trustedProxies.isEmpty)
        #expect(gateway.runtime.configuration.secrets.officer(presenting: "dev-admin") != nil)  // the secrets of the start stay
    }

    /// The services hold the runtime as it holds them; a stopped gateway lets both go, with its database connections.
    @Test func aStoppedGatewayLetsGoOfItsRuntime() throws {
        let folder = try TemporaryFolder()
        weak var runtime: GatewayRuntime?
        do {
            let gateway = try Gateway(configuration: GatewayConfiguration.load(
                file: RepositoryFiles.configFolder + "/gerbang.json",
                environment: ["GERBANG_DATABASE": folder.path(), "GERBANG_SYNC_LOG_STDOUT": "false", "GERBANG_LISTEN_PORT": "0"]))
            runtime = gateway.runtime
            try gateway.start()
            #expect(runtime?.services.isEmpty == false)
            gateway.stop(grace: .seconds(2))
        }
        // The services' and the server's threads drop their last holds as they exit, just after stop returns.
        #expect(Eventually.holds { runtime == nil })
    }
}
