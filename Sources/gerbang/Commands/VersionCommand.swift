import Foundation
import GatewayStore

/// `gerbang version` (and `gerbang --version`): which gerbang this is.
enum VersionCommand: Command {
    /// The release; the commit comes from the build (Plugins/BuildStamp).
    static let version = "0.15.0"

    struct Report: Encodable {
        let version: String
        let commit: String
        let schemaVersion: Int
    }

    static let name = "version"
    static let summary = "the version and the commit this gerbang was built from"
    static let flags: Set<String> = ["--json"]
    static let help = """
        usage: gerbang version [--json]   (or gerbang --version)

        Prints the version, the git commit the binary was built from ("-modified" when the
        checkout had changes, "unknown" when built outside git) and the database schema
        version it runs.
        \(Common.jsonHelp)

        example: gerbang version
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        let report = Report(version: version, commit: buildCommit, schemaVersion: Schema.version)
        if arguments.has("--json") {
            try console.json(report)
        } else {
            console.out("gerbang \(report.version) (commit \(report.commit), database schema v\(report.schemaVersion))")
        }
        return 0
    }
}
