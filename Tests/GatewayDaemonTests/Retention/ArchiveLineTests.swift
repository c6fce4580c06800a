import Foundation
import GatewayStore
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

@Suite struct ArchiveLineTests {
    static let at = Date(timeIntervalSince1970: 1_767_225_600)

    @Test func aSyncLogEntryReadsBackAsItWasToTheSecond() throws {
        var entry = SyncLogEntry(at: Self.at, system: "siinas", method: "uploadBAP", direction: .outgoing, caseID: "PL-2026-000001",
                                 idIzin: "I-1", messageID: "m-1", attempt: 2, httpStatus: 503, latencyMilliseconds: 12.5, outcome: "retrying",
                                 error: "tidak tersedia \"sementara\"")
        entry.id = 41
        #expect(try ArchiveLine.parse(ArchiveLine.text(entry)) == .syncLog(entry))
        let bare = SyncLogEntry(at: Self.at, system: "gateway", method: "sla.breach", direction: .outgoing, outcome: "escalated")
        #expect(try ArchiveLine.parse(ArchiveLine.text(bare)) == .syncLog(bare))
    }

    @Test func anInboxMessageReadsBackWithItsBodyTextOrBinary() throws {
        let fixture = try Inbox()
        for body in [Array(#"{"nib": "8120000110001", "nama": "PT Sawit"}"#.utf8), [0xFF, 0x00, 0xC3, 0x28]] {
            let record = try fixture.admitted(body: body, at: Self.at)
            guard case .message(let message) = try ArchiveLine.parse(ArchiveLine.text(record)) else {
                Issue.record("not read back as a message")
                continue
            }
            #expect(message.body == body && message.id == record.id && message.dedupKey == record.dedupKey && message.receivedAt == Self.at)
            #expect(message.headers == [["Content-Type", "application/json"]] && message.state == "processed")
        }
    }

    @Test func aLineThatIsNotAnArchiveLineSaysWhatItLacks() {
        #expect(throws: ArchiveLine.Unreadable(reason: "not a JSON object")) { try ArchiveLine.parse("{\"at\": ") }
        #expect(throws: ArchiveLine.Unreadable(reason: "no 'system'")) {
            try ArchiveLine.parse(#"{"at": "2026-01-01T07:00:00+07:00", "direction": "in", "method": "x", "outcome": "y"}"#)
        }
        #expect(throws: ArchiveLine.Unreadable(reason: "body_base64 is not base64")) {
            try ArchiveLine.parse(#"{"inbox_id": 1, "body_base64": "%%%"}"#)
        }
    }

    /// A database whose inbox keeps the messages to archive.
    struct Inbox {
        let folder: TemporaryFolder
        let database: GatewayDatabase

        init() throws {
            folder = try TemporaryFolder()
            database = try GatewayDatabase.open(path: folder.path())
        }

        func admitted(body: [UInt8], at time: Date) throws -> InboxStore.Record {
            let id = try database.inbox.keep(source: "oss", kind: "oss.receiveNIB", dedupKey: "k-\(body.count)-\(body.first ?? 0)", body: body,
                                             headers: [["Content-Type", "application/json"]], at: time, state: .processed)
            guard let record = try database.inbox.record(id) else { throw CancellationError() }
            return record
        }
    }
}
