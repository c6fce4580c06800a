import Foundation
import Glibc
import GatewayTestSupport

/// `gerbang serve` as a separate process, so a test can stop it the hard way (SIGKILL).
final class GatewayProcess {
    let process = Process()
    let url: String
    private let output = Pipe()
    private let errors = Pipe()

    /// Starts the gateway and returns once it printed `ready gateway <url>`.
    init(environment: [String: String], timeout: Duration = .seconds(20)) throws {
        process.executableURL = BuiltGerbang.executable
        process.arguments = ["serve", "--config", RepositoryFiles.root.appendingPathComponent("config/gerbang.json").path]
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GERBANG_") }
        merged.merge(environment) { _, given in given }
        process.environment = merged
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Drained so the gateway never blocks on a full pipe.
        let errorHandle = errors.fileHandleForReading
        DispatchQueue.global().async { _ = errorHandle.readDataToEndOfFile() }
        let handle = output.fileHandleForReading
        var seen = ""
        let deadline = ContinuousClock.now + timeout
        while !seen.contains("\n"), ContinuousClock.now < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = seen.split(separator: "\n").first(where: { $0.hasPrefix("ready gateway ") }) else {
            process.terminate()
            throw GatewayProcessError(message: "gerbang serve did not get ready: \(seen)")
        }
        url = String(line.dropFirst("ready gateway ".count))
        DispatchQueue.global().async { _ = handle.readDataToEndOfFile() }
    }

    /// Stops it at once, as a power cut or `kill -9` would: nothing runs on the way out.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { kill() }
    }
}

struct GatewayProcessError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
