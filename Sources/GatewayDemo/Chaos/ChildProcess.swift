import Foundation
import GatewayCore
import Glibc

/// A `gerbang` process the chaos run starts (a mock, the gateway): started with its own environment, ready
/// once it printed its `ready <name> <url>` lines (the mocks on standard output, the gateway on standard
/// error, where its operator lines go), and stopped as the run says: SIGKILL for a crash, SIGSTOP and
/// SIGCONT for a partition, SIGTERM at the end. What it writes to standard error goes to a file.
final class ChildProcess {
    let name: String
    let process = Process()
    /// The URLs it said it serves, by name ("oss", "gateway").
    private(set) var urls: [String: String] = [:]

    /// This program, wherever it was started from.
    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    }

    /// Starts `gerbang arguments…` and waits (at most `timeout`) for `expected` ready lines.
    init(name: String, arguments: [String], environment: [String: String], log: String, expected: Int = 1,
         timeout: Duration = .seconds(30)) throws {
        self.name = name
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = environment
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let logFile = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        logFile.seekToEndOfFile()
        let seen = Locked("")
        let errors = Pipe()
        // Copied to the log as it comes, and read for the ready lines; drained to the end so the child never blocks.
        errors.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            guard !chunk.isEmpty else { return handle.readabilityHandler = nil }
            logFile.write(chunk)
            seen.withLock { $0 += String(decoding: chunk, as: UTF8.self) }
        }
        process.standardError = errors
        let output = Pipe()
        process.standardOutput = output
        output.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            guard !chunk.isEmpty else { return handle.readabilityHandler = nil }
            seen.withLock { $0 += String(decoding: chunk, as: UTF8.self) }
        }
        try process.run()
        let deadline = ContinuousClock.now + timeout
        var found: [String: String] = [:]
        while found.count < expected, ContinuousClock.now < deadline, process.isRunning {
            found = Self.readyLines(in: seen.withLock { $0 })
            if found.count < expected { Thread.sleep(forTimeInterval: 0.01) }  // polling what the handlers collected
        }
        urls = Self.readyLines(in: seen.withLock { $0 })
        output.fileHandleForReading.readabilityHandler = { handle in
            if handle.availableData.isEmpty { handle.readabilityHandler = nil }  // read and dropped from now on
        }
        guard urls.count >= expected else {
            signal(SIGKILL)
            process.waitUntilExit()
            let written = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw DemoError(message: "\(name) did not get ready (exit \(process.terminationStatus)): \(written.suffix(2000))")
        }
    }

    /// The `ready <name> <url>` lines in what a child printed, by name: a mock's own line, or the gateway's
    /// operator line ("gerbang: ready gateway <url>").
    static func readyLines(in text: String) -> [String: String] {
        var found: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let range = line.range(of: "ready ") else { continue }
            let parts = line[range.upperBound...].split(separator: " ")
            if parts.count == 2, parts[1].hasPrefix("http") { found[String(parts[0])] = String(parts[1]) }
        }
        return found
    }

    func signal(_ number: Int32) {
        if process.isRunning { Glibc.kill(process.processIdentifier, number) }
    }

    /// SIGKILL, as a power cut would: nothing runs on the way out.
    func kill() {
        signal(SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then SIGKILL after `grace`.
    func stop(grace: Duration = .seconds(5)) {
        signal(SIGCONT)
        signal(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }  // polling its exit: Process has no timed wait
        if process.isRunning { kill() } else { process.waitUntilExit() }
    }
}
