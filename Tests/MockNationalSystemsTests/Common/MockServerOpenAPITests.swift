import Foundation
import GatewayTestSupport
import Testing
@testable import MockNationalSystems

/// docs/openapi/<system>-mock.yaml validates as OpenAPI (checked by openapi-spec-validator,
/// not by us) and lists exactly the routes the mock serves.
@Suite struct MockServerOpenAPITests {
    static let validatorPresent = (try? ChildProcess.run(
        URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import yaml, openapi_spec_validator"]).status) == 0

    @Test(.enabled(if: validatorPresent, "needs python3 with pyyaml and openapi-spec-validator (.ci/run installs them)"),
          arguments: MockSystems.all)
    func theDocumentValidatesAndListsEveryRoute(system: String) throws {
        let file = RepositoryFiles.root.appendingPathComponent("docs/openapi/\(system)-mock.yaml").path
        let script = """
            import json, sys, yaml
            from openapi_spec_validator import validate
            document = yaml.safe_load(open(sys.argv[1]))
            validate(document)
            print(json.dumps(sorted(f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item
                                    if method in ("get", "put", "post", "delete", "patch", "head", "options"))))
            """
        let output = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, file])
        #expect(output.status == 0, "\(output.stderr)")
        let documented = try JSONDecoder().decode([String].self, from: Data(output.stdout.utf8))
        let fixture = try MockFixture([system])
        #expect(documented == fixture.server(system).routes.sorted())
    }
}
