import Foundation
import GatewayTestSupport

/// Programs found on the PATH (curl, python3, openssl), run to their end.
enum ExternalProcess {
    static func run(_ executable: String, _ arguments: [String], stdin: String? = nil) throws -> ChildProcess.Output {
        try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), [executable] + arguments, stdin: stdin)
    }

    static func exists(_ executable: String) -> Bool {
        (try? run("which", [executable]).status) == 0
    }
}
