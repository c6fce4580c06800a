import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// A line of an archive file: a sync-log entry, as the sync log's JSON-lines file writes it, or an inbox
/// message's body and headers with what identifies it. `gerbang log --archive FILE` reads both back.
public enum ArchiveLine: Equatable, Sendable {
    case syncLog(SyncLogEntry)
    case message(ArchivedMessage)

    /// An inbox message as archived: the body as text when it is UTF-8, in base64 otherwise.
    public struct ArchivedMessage: Equatable, Sendable {
        public let id: Int
        public let receivedAt: Date
        public let source: String
        public let kind: String
        public let dedupKey: String
        public let state: String
        public let error: String?
        public let cases: [String]
        public let headers: [[String]]
        public let body: [UInt8]
    }

    /// A sync-log entry's line: the same object the sync log's file has, with its id.
    static func text(_ entry: SyncLogEntry) -> String {
        SyncLogSink.line(entry)
    }

    /// An inbox message's line.
    static func text(_ record: InboxStore.Record) -> String {
        var fields: [String: JSONValue] = [
            "inbox_id": .integer(record.id), "received_at": .string(JakartaTime.iso(record.receivedAt)), "source": .string(record.source),
            "kind": .string(record.kind), "dedup_key": .string(record.dedupKey), "state": .string(record.state.rawValue),
            "cases": .array(record.cases.map(JSONValue.string)), "headers": .array(record.headers.map { .array($0.map(JSONValue.string)) }),
            "received_at_ms": .integer(Int((record.receivedAt.timeIntervalSince1970 * 1000).rounded())),
        ]
        if let error = record.error { fields["error"] = .string(error) }
        if let text = String(validating: record.body, as: UTF8.self) {
            fields["body"] = .string(text)
        } else {
            fields["body_base64"] = .string(record.body.base64EncodedString())
        }
        return String(decoding: JSONValue.object(fields).encoded(), as: UTF8.self)
    }

    /// Reads a line back.
    /// - Throws: ``Unreadable`` saying what the line lacks.
    public static func parse(_ line: some StringProtocol) throws(Unreadable) -> ArchiveLine {
        guard let value = try? JSONValue.decode(Array(line.utf8)), let fields = value.object else { throw Unreadable(reason: "not a JSON object") }
        func text(_ key: String) throws(Unreadable) -> String {
            guard case .string(let found)? = fields[key] else { throw Unreadable(reason: "no '\(key)'") }
            return found
        }
        func optional(_ key: String) -> String? { if case .string(let found)? = fields[key] { found } else { nil } }
        func integer(_ key: String) -> Int? { if case .integer(let found)? = fields[key] { found } else { nil } }
        if case .integer(let id)? = fields["inbox_id"] {
            let body: [UInt8]
            if let base64 = optional("body_base64") {
                guard let decoded = Data(base64Encoded: base64) else { throw Unreadable(reason: "body_base64 is not base64") }
                body = Array(decoded)
            } else {
                body = Array(try text("body").utf8)
            }
            guard let milliseconds = integer("received_at_ms") else { throw Unreadable(reason: "no 'received_at_ms'") }
            return .message(ArchivedMessage(
                id: id, receivedAt: Date(timeIntervalSince1970: Double(milliseconds) / 1000), source: try text("source"), kind: try text("kind"),
                dedupKey: try text("dedup_key"), state: try text("state"), error: optional("error"),
                cases: (fields["cases"]?.array ?? []).compactMap(\.text),
                headers: (fields["headers"]?.array ?? []).map { ($0.array ?? []).compactMap(\.text) }, body: body))
        }
        let at = try text("at")
        guard let instant = try? Date(at, strategy: .iso8601) else { throw Unreadable(reason: "'at' is not ISO 8601: \(at)") }
        guard let direction = SyncLogEntry.Direction(rawValue: try text("direction")) else { throw Unreadable(reason: "'direction' is not in or out") }
        let latency: Double? = switch fields["latency_ms"] {
        case .number(let value)?: value
        case .integer(let value)?: Double(value)
        default: nil
        }
        var entry = SyncLogEntry(at: instant, system: try text("system"), method: try text("method"), direction: direction,
                                 caseID: optional("case"), idIzin: optional("id_izin"), messageID: optional("message"), attempt: integer("attempt"),
                                 httpStatus: integer("status"), latencyMilliseconds: latency, outcome: try text("outcome"), error: optional("error"))
        entry.id = integer("id")
        return .syncLog(entry)
    }

    /// A line that is not one the archiver writes.
    public struct Unreadable: Error, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }
}
