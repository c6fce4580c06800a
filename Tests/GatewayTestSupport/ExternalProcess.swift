import Foundation

/// Programs found on the PATH (curl, python3, openssl), run to their end.
public enum ExternalProcess {
    public static func run(_ executable: String, _ arguments: [String], stdin: String? = nil) throws -> ChildProcess.Output {
        try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), [executable] + arguments, stdin: stdin)
    }

    public static func exists(_ executable: String) -> Bool {
        (try? run("which", [executable]).status) == 0
    }
}
