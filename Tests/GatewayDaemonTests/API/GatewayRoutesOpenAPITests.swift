import Foundation
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

/// docs/openapi/gateway.yaml validates as OpenAPI and lists exactly the routes the gateway serves.
@Suite struct GatewayRoutesOpenAPITests {
    @Test(.enabled(if: OpenAPIDocument.validatorPresent, "needs python3 with pyyaml and openapi-spec-validator (.ci/run installs them)"))
    func theDocumentValidatesAndListsEveryRoute() throws {
        let folder = try TemporaryFolder()
        let configuration = try GatewayConfiguration.load(file: RepositoryFiles.configFolder + "/gerbang.json",
                                                          environment: ["GERBANG_DATABASE": folder.path(), "GERBANG_SYNC_LOG_STDOUT": "false",
                                                                                 "GERBANG_LISTEN_PORT": "0"])
        let gateway = try Gateway(configuration: configuration)
        #expect(try OpenAPIDocument.routes("docs/openapi/gateway.yaml").get() == gateway.routes.sorted())
    }
}
