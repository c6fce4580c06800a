import Foundation

/// An OpenAPI document of ours, checked by openapi-spec-validator (not by us).
public enum OpenAPIDocument {
    /// Whether python3 has pyyaml and openapi-spec-validator (.ci/run installs them).
    public static let validatorPresent = (try? ChildProcess.run(
        URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import yaml, openapi_spec_validator"]).status) == 0

    /// Validates the document and returns the routes it lists, as "POST /api/cases/{id}/decisions", sorted;
    /// or the validator's complaint.
    public static func routes(_ relativePath: String) throws -> Result<[String], ValidationFailure> {
        let script = """
            import json, sys, yaml
            from openapi_spec_validator import validate
            document = yaml.safe_load(open(sys.argv[1]))
            validate(document)
            print(json.dumps(sorted(f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item
                                    if method in ("get", "put", "post", "delete", "patch", "head", "options"))))
            """
        let file = RepositoryFiles.root.appendingPathComponent(relativePath).path
        let output = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, file])
        guard output.status == 0 else { return .failure(ValidationFailure(message: output.stderr)) }
        return .success(try JSONDecoder().decode([String].self, from: Data(output.stdout.utf8)))
    }

    public struct ValidationFailure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
