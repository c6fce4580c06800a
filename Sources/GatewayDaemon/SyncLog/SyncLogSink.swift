import Foundation
import GatewayCore
import GatewayStore
import NationalSystems
import Synchronization

/// Echoes sync log entries as JSON lines (stdout, a file, or both) once the
/// database has them. Writing happens on its own queue, so a slow terminal
/// or a full pipe never holds up the writer; lines beyond `backlog` are
/// dropped and counted (they are in the database, which `gerbang log` reads).
public final class SyncLogSink: @unchecked Sendable {
    private let queue = DispatchQueue(label: "gerbang.synclog")
    /// Written only on `queue`: the file's handle is replaced there when the file is reopened.
    private var outputs: [FileHandle]
    private let file: String?
    private let hasOutputs: Bool
    private let pending = Atomic<Int>(0)
    private let dropped = Atomic<Int>(0)
    private let backlog: Int

    /// - Parameters:
    ///   - file: a path to append to; nil or empty for none.
    public init(stdout: Bool, file: String?, backlog: Int = 10_000) throws {
        var outputs: [FileHandle] = []
        if stdout { outputs.append(FileHandle.standardOutput) }
        let file = file.flatMap { $0.isEmpty ? nil : $0 }
        if let file { outputs.append(try Self.open(file)) }
        self.outputs = outputs
        self.file = file
        hasOutputs = !outputs.isEmpty
        self.backlog = backlog
    }

    /// The file opened for appending, made (with its folder) when missing.
    private static func open(_ file: String) throws -> FileHandle {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: file) { try? PrivateFile.create(file) }  // 0600: it names cases and companies
        guard let handle = FileHandle(forWritingAtPath: file) else {
            throw SettingsError(file: file, field: "syncLog.file", message: "cannot be opened for appending")
        }
        handle.seekToEndOfFile()
        return handle
    }

    /// Closes the file and opens its path again, after the lines already handed in: logrotate renames the
    /// file and sends SIGHUP (config/logrotate-gerbang's postrotate), and the next lines go to a new file.
    /// When the path cannot be opened the old handle is kept, and the error says why.
    public func reopen() throws {
        guard let file else { return }
        try queue.sync {
            let handle = try Self.open(file)
            if let old = outputs.popLast() { try? old.close() }
            outputs.append(handle)
        }
    }

    public func emit(_ entries: [SyncLogEntry]) {
        guard hasOutputs, !entries.isEmpty else { return }
        guard pending.add(entries.count, ordering: .relaxed).newValue <= backlog else {
            pending.subtract(entries.count, ordering: .relaxed)
            dropped.add(entries.count, ordering: .relaxed)
            return
        }
        queue.async { [self] in
            var text = ""
            for entry in entries { text += Self.line(entry) + "\n" }
            let data = Data(text.utf8)
            for output in outputs { output.write(data) }
            pending.subtract(entries.count, ordering: .relaxed)
        }
    }

    /// Lines not echoed because the outputs could not keep up.
    public var droppedLines: Int { dropped.load(ordering: .relaxed) }

    /// Waits until every line handed in so far is written.
    public func flush() {
        queue.sync {}
    }

    /// One entry as a JSON object with the fields in a fixed order, absent ones left out.
    public static func line(_ entry: SyncLogEntry) -> String {
        "{" + fields(entry).map { key, value in
            "\"\(key)\":" + String(decoding: value.encoded(), as: UTF8.self)
        }.joined(separator: ",") + "}"
    }

    /// The same object as a value, as the API shows a case's entries.
    public static func value(_ entry: SyncLogEntry) -> JSONValue {
        .object(Dictionary(fields(entry), uniquingKeysWith: { first, _ in first }))
    }

    private static func fields(_ entry: SyncLogEntry) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("at", .string(JakartaTime.iso(entry.at))), ("system", .string(entry.system)), ("method", .string(entry.method)),
            ("direction", .string(entry.direction.rawValue)),
        ]
        if let id = entry.id { fields.insert(("id", .integer(id)), at: 0) }
        if let value = entry.caseID { fields.append(("case", .string(value))) }
        if let value = entry.idIzin { fields.append(("id_izin", .string(value))) }
        if let value = entry.messageID { fields.append(("message", .string(value))) }
        if let value = entry.attempt { fields.append(("attempt", .integer(value))) }
        if let value = entry.httpStatus { fields.append(("status", .integer(value))) }
        if let value = entry.latencyMilliseconds { fields.append(("latency_ms", .number((value * 10).rounded() / 10))) }
        fields.append(("outcome", .string(entry.outcome)))
        if let value = entry.error { fields.append(("error", .string(value))) }
        return fields
    }
}
