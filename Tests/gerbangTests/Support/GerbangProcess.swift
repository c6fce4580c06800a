import Foundation
import GatewayTestSupport

/// Runs the built `gerbang` binary as a user would, and captures what it prints.
enum GerbangProcess {
    typealias Output = ChildProcess.Output

    /// The binary SwiftPM built next to this test bundle.
    static var executable: URL { BuiltGerbang.executable }

    /// This process's environment without the variables that would point gerbang elsewhere.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "GERBANG_CONFIG_DIR")
        environment.removeValue(forKey: "GERBANG_DB")
        return environment
    }

    /// A process ready to run, its output and error pipes; `launcher` runs gerbang under
    /// another program, such as `["/usr/bin/prlimit", "--nofile=40:40"]`.
    static func make(_ arguments: [String], in directory: URL = RepositoryFiles.root, launcher: [String] = []) -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher.first ?? executable.path)
        process.arguments = launcher.isEmpty ? arguments : Array(launcher.dropFirst()) + [executable.path] + arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        return (process, out, err)
    }

    /// Runs to the end and returns what it printed.
    static func run(_ arguments: [String], in directory: URL = RepositoryFiles.root) throws -> Output {
        try ChildProcess.run(executable, arguments, in: directory, environment: environment)
    }

    /// Another program on the PATH: its standard output, then its standard error.
    static func external(_ program: String, _ arguments: [String]) throws -> String {
        let output = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), [program] + arguments)
        return output.stdout + output.stderr
    }

    static func json(_ output: Output) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
    }
}
