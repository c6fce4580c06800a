import Foundation
import GatewayCore
import NationalSystems

/// Lines for whoever runs the daemon, on standard error, apart from the sync log (which alone goes to
/// standard output as JSON lines): readable text, or one JSON object a line for a log collector
/// (`gerbang serve --log-format json`).
public struct OperatorLog: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case text, json
    }

    public enum Level: String, Sendable {
        case info, warning, error
    }

    public let format: Format
    private let clock: any TimeSource
    private let write: @Sendable (String) -> Void

    /// - Parameter write: where a finished line goes (standard error by default).
    public init(format: Format, clock: any TimeSource = SystemTime(), write: @escaping @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }) {
        self.format = format
        self.clock = clock
        self.write = write
    }

    /// One message; `fields` are what a collector may filter on (the URL a ready gateway serves).
    public func callAsFunction(_ level: Level, _ message: String, _ fields: [String: String] = [:]) {
        write(line(level, message, fields))
    }

    func line(_ level: Level, _ message: String, _ fields: [String: String] = [:]) -> String {
        switch format {
        case .text:
            return "gerbang: " + (level == .info ? "" : "\(level.rawValue): ") + message
        case .json:
            var object: [String: JSONValue] = fields.mapValues(JSONValue.string)
            object["time"] = .string(JakartaTime.iso(clock.now()))
            object["level"] = .string(level.rawValue)
            object["message"] = .string(message)
            return String(decoding: JSONValue.object(object).encoded(), as: UTF8.self)
        }
    }
}

/// A line the running gateway has for its operator, as swift-log writes one: constant text saying what
/// happened, and metadata saying of what (the service, the message, the error). The text stays the same
/// from one occurrence to the next, so an operator can grep or alert on it; a collector filters on the fields.
public struct OperatorMessage: Sendable, Equatable, CustomStringConvertible {
    public let level: OperatorLog.Level
    public let text: String
    public let metadata: [String: String]

    public init(_ level: OperatorLog.Level = .warning, _ text: String, _ metadata: [String: String] = [:]) {
        self.level = level
        self.text = text
        self.metadata = metadata
    }

    /// The text and then its metadata, in key order: "cannot read the outbox error=… service=dispatch-oss".
    public var description: String {
        ([text] + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
    }
}

extension OperatorLog {
    /// A message of the running gateway: as text with its metadata, or as JSON with the metadata as fields.
    public func callAsFunction(_ message: OperatorMessage) {
        switch format {
        case .text: write(line(message.level, message.description))
        case .json: write(line(message.level, message.text, message.metadata))
        }
    }
}
