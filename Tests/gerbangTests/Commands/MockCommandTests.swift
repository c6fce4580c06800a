import Foundation
import Glibc
import Testing

@Suite struct MockCommandTests {
    /// Starts `gerbang mock ARGS` and returns it with the 'ready' lines it printed.
    func start(_ arguments: [String], expecting count: Int) throws -> (Process, [String]) {
        let (process, out, _) = GerbangProcess.make(["mock"] + arguments)
        try process.run()
        var text = ""
        while text.split(separator: "\n").count < count {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        return (process, text.split(separator: "\n").map(String.init))
    }

    @Test(.timeLimit(.minutes(1)))
    func mockAllPrintsThreeReadyLinesAndStopsCleanlyOnSIGTERM() throws {
        let (process, lines) = try start(["all", "--oss-port", "0", "--siinas-port", "0", "--sipro-port", "0"], expecting: 3)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(lines.map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == ["ready oss", "ready siinas", "ready sipro"])
        // Each URL answers: checkLicenseStatus without user_key is a 401 in the guide's shape.
        let ossURL = try #require(lines.first?.split(separator: " ").last.map(String.init))
        let output = try ExternalCurl.post(ossURL + "/v1/kl/rba/checkLicenseStatus", body: #"{"CHECKLICENSESTATUS":{"id_izin":"I-1"}}"#)
        #expect(output.hasPrefix("401"))
        #expect(output.contains(#""responcheckLicenseStatus":{"keterangan":"User Akses Tidak Valid","kode":401}"#))

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    @Test func aSingleMockTakesPort() throws {
        let (process, lines) = try start(["sipro", "--port", "0"], expecting: 1)
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        #expect(lines.first?.hasPrefix("ready sipro http://127.0.0.1:") == true)
    }

    @Test func anUnknownMockIsAUsageError() throws {
        let output = try GerbangProcess.run(["mock", "dukcapil"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("'dukcapil' is not a mock"))
    }
}

/// curl, an independent client: prints the status code, a space, then the body.
enum ExternalCurl {
    static func post(_ url: String, body: String) throws -> String {
        try GerbangProcess.external("curl", ["-sS", "-w", "%{http_code} ", "-o", "/dev/stderr", "-H", "Content-Type: application/json", "--data", body, url])
    }
}
