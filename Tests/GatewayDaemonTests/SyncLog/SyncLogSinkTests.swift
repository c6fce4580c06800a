import Foundation
import GatewayCore
import GatewayStore
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

@Suite struct SyncLogSinkTests {
    @Test func anEntryIsOneJSONLineWithItsFieldsInAFixedOrder() throws {
        var entry = SyncLogEntry(at: Date(timeIntervalSince1970: 1_797_472_800), system: "siinas", method: "siinas.uploadBAP", direction: .outgoing,
                                 caseID: "IP-2026-000001", messageID: "IP-2026-000001/17/16/siinas.uploadBAP", attempt: 2, httpStatus: 503,
                                 latencyMilliseconds: 12.345, outcome: "retrying", error: "HTTP 503: \"unavailable\"")
        entry.id = 7
        #expect(SyncLogSink.line(entry) == #"{"id":7,"at":"2026-12-17T09:00:00+07:00","system":"siinas","method":"siinas.uploadBAP","direction":"out","case":"IP-2026-000001","message":"IP-2026-000001/17/16/siinas.uploadBAP","attempt":2,"status":503,"latency_ms":12.3,"outcome":"retrying","error":"HTTP 503: \"unavailable\""}"#)
    }

    @Test func linesAreAppendedToTheFile() throws {
        let folder = try TemporaryFolder()
        let sink = try SyncLogSink(stdout: false, file: folder.path("logs/sync.jsonl"))
        let entry = SyncLogEntry(at: Date(timeIntervalSince1970: 1_797_472_800), system: "oss", method: "receiveNIB", direction: .incoming, outcome: "accepted")
        sink.emit([entry, entry])
        sink.flush()
        let text = try String(contentsOfFile: folder.path("logs/sync.jsonl"), encoding: .utf8)
        #expect(text.split(separator: "\n").count == 2)
    }

    /// What logrotate does: rename the file, then SIGHUP (config/logrotate-gerbang's postrotate).
    @Test func afterTheFileIsRenamedAndReopenedTheNextLinesGoToANewFileAtThePath() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("sync.jsonl")
        let sink = try SyncLogSink(stdout: false, file: path)
        let entry = { (method: String) in SyncLogEntry(at: Date(timeIntervalSince1970: 1_797_472_800), system: "oss", method: method, direction: .incoming, outcome: "accepted") }
        sink.emit([entry("before")])
        sink.flush()
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        sink.emit([entry("between")])  // still the renamed file's handle, as logrotate expects until the signal
        try sink.reopen()
        sink.emit([entry("after")])
        sink.flush()
        let methods = { (file: String) in
            try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map { try JSONValue.decode(Data($0.utf8)).field("method")?.text ?? "?" }
        }
        #expect(try methods(path + ".1") == ["before", "between"])
        #expect(try methods(path) == ["after"])
    }

    @Test func aSinkWithoutAFileHasNothingToReopen() throws {
        // SIGHUP with no sync-log file configured is not an error the operator would see.
        #expect(throws: Never.self) { try SyncLogSink(stdout: false, file: "").reopen() }
    }
}
