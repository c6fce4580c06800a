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
        environment.removeValue(forKey: "NO_COLOR")  // a test runner may set it; the tests that want it say so
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

    /// Runs to the end and returns what it printed; `extra` adds to (or overrides) the environment; `program`
    /// runs another program in gerbang's environment (`script`, which gives it a terminal).
    static func run(_ arguments: [String], in directory: URL = RepositoryFiles.root, extra: [String: String] = [:], program: String? = nil) throws -> Output {
        try ChildProcess.run(program.map { URL(fileURLWithPath: $0) } ?? executable, arguments, in: directory,
                             environment: environment.merging(extra) { _, given in given })
    }

    /// `gerbang serve` on a database, on a free port, with the development secrets; the national systems point
    /// at ports where nothing listens, so deliveries wait in the outbox.
    /// Retention archives beside the database.
    static func serve(database: String, environment: [String: String] = [:]) throws -> GatewayProcess {
        let archive = URL(fileURLWithPath: database).deletingLastPathComponent().appendingPathComponent("archive").path
        return try GatewayProcess(environment: ["GERBANG_LISTEN_PORT": "0", "GERBANG_DATABASE": database, "GERBANG_SYNC_LOG_STDOUT": "false",
                                                "GERBANG_RETENTION_FOLDER": archive].merging(environment) { _, given in given })
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
