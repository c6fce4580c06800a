import Foundation
import Glibc

/// A `gerbang` process the chaos run starts (a mock, the gateway): started with its own environment, ready
/// once it printed its `ready <name> <url>` lines, and stopped as the run says: SIGKILL for a crash,
/// SIGSTOP and SIGCONT for a partition, SIGTERM at the end. What it writes to standard error goes to a file.
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
        FileManager.default.createFile(atPath: log, contents: nil)
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        errors.seekToEndOfFile()
        process.standardError = errors
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let handle = output.fileHandleForReading
        var seen = ""
        let deadline = ContinuousClock.now + timeout
        while seen.split(separator: "\n").filter({ $0.hasPrefix("ready ") }).count < expected, ContinuousClock.now < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        for line in seen.split(separator: "\n") where line.hasPrefix("ready ") {
            let parts = line.split(separator: " ")
            if parts.count == 3 { urls[String(parts[1])] = String(parts[2]) }
        }
        guard urls.count >= expected else {
            signal(SIGKILL)
            process.waitUntilExit()
            let written = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw DemoError(message: "\(name) did not get ready (exit \(process.terminationStatus)): \(seen)\(written.suffix(2000))")
        }
        // Whatever it prints later is read and dropped, so it never blocks on a full pipe.
        DispatchQueue.global().async { _ = handle.readDataToEndOfFile() }
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
