import Foundation
import GatewayTestSupport
import Testing
@testable import MockNationalSystems

/// docs/openapi/<system>-mock.yaml validates as OpenAPI and lists exactly the routes the mock serves.
@Suite struct MockServerOpenAPITests {
    @Test(.enabled(if: OpenAPIDocument.validatorPresent, "needs python3 with pyyaml and openapi-spec-validator (.ci/run installs them)"),
          arguments: MockSystems.all)
    func theDocumentValidatesAndListsEveryRoute(system: String) throws {
        let documented = try OpenAPIDocument.routes("docs/openapi/\(system)-mock.yaml").get()
        let fixture = try MockFixture([system])
        #expect(documented == fixture.server(system).routes.sorted())
    }
}
