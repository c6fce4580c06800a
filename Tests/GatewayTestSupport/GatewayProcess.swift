import Foundation
import GatewayCore
import Glibc

/// `gerbang serve` as a separate process, so a test can stop it as an operator
/// would (SIGTERM), as a power cut would (SIGKILL), or ask it to reload (SIGHUP).
public final class GatewayProcess: @unchecked Sendable {
    public let process = Process()
    public let url: String
    private let output = Pipe()
    private let errors = Pipe()
    private let errorText = LockedText()
    private let outputText = LockedText()

    /// Starts the gateway and returns once it said `ready gateway <url>` on standard error; throws with
    /// what it wrote there if it exits or does not get ready first.
    public init(environment: [String: String], configFile: String = RepositoryFiles.root.appendingPathComponent("config/gerbang.json").path,
                arguments: [String] = [], timeout: Duration = Eventually.patience) throws {
        process.executableURL = BuiltGerbang.executable
        process.arguments = ["serve", "--config", configFile] + arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GERBANG_") }
        merged.merge(environment) { _, given in given }
        process.environment = merged
        process.standardOutput = output
        process.standardError = errors
        let errorText = self.errorText
        // Drained so the gateway never blocks on a full pipe, and kept so a test can read it.
        errors.fileHandleForReading.readabilityHandler = { [errorText] handle in
            let chunk = handle.availableData
            errorText.append(String(decoding: chunk, as: UTF8.self))
        }
        let outputText = self.outputText
        output.fileHandleForReading.readabilityHandler = { [outputText] handle in
            outputText.append(String(decoding: handle.availableData, as: UTF8.self))
        }
        try process.run()
        let ready = Eventually.holds(within: timeout) { [process] in
            Self.readyURL(in: errorText.value) != nil || !process.isRunning
        }
        guard ready, let url = Self.readyURL(in: errorText.value) else {
            if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw GatewayProcessError(message: "gerbang serve did not get ready (exit \(process.terminationStatus)): \(errorText.value)")
        }
        self.url = url
    }

    /// The address in a `ready gateway <url>` operator line, in text or in JSON.
    static func readyURL(in text: String) -> String? {
        guard let match = text.firstMatch(of: /ready gateway (http[^\s"]+)/) else { return nil }
        return String(match.1)
    }

    /// What it wrote to standard output so far: the sync log's JSON lines, when it writes them there.
    public var standardOutput: String { outputText.value }

    /// What it wrote to standard error so far.
    public var errorOutput: String { errorText.value }

    /// Stops it at once, as a power cut or `kill -9` would: nothing runs on the way out.
    public func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    public func signal(_ number: Int32) {
        Glibc.kill(process.processIdentifier, number)
    }

    /// Waits for it to exit; its exit status, or nil if it still ran at the end of `limit`.
    public func exitStatus(within limit: Duration = Eventually.patience) -> Int32? {
        guard Eventually.holds(within: limit, { !process.isRunning }) else { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill() }
        errors.fileHandleForReading.readabilityHandler = nil
        output.fileHandleForReading.readabilityHandler = nil
    }
}

public struct GatewayProcessError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Text appended from one thread and read from another.
final class LockedText: Sendable {
    private let text = Locked("")

    func append(_ more: String) { text.withLock { $0 += more } }

    var value: String { text.withLock { $0 } }
}
