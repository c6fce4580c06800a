import Foundation
import GatewayCore
import GatewayDaemon

/// One `gerbang` subcommand: its words, its help and what it does.
protocol Command: Sendable {
    /// The words that name it: "sop list".
    static var name: String { get }
    static var summary: String { get }
    /// The full help: usage, options and an example.
    static var help: String { get }
    static var flags: Set<String> { get }
    static var options: Set<String> { get }
    /// Returns the exit code: 0 done, 1 a check failed.
    static func run(_ arguments: Arguments, console: Console) throws -> Int32
}

extension Command {
    static var flags: Set<String> { [] }
    static var options: Set<String> { [] }

    static func parse(_ words: [String]) throws(UsageError) -> Arguments {
        try Arguments(words, command: name, flags: flags, options: options)
    }
}

/// Shared option handling.
enum Common {
    static let configHelp = "  --config DIR   the configuration folder (default: ./config, or GERBANG_CONFIG_DIR)"
    static let databaseHelp = "  --db FILE      the SQLite database (default: var/gerbang.sqlite, or GERBANG_DATABASE as for serve, or GERBANG_DB)"
    static let jsonHelp = "  --json         print JSON instead of a table"

    static func config(_ arguments: Arguments) throws -> ConfigDirectory {
        try ConfigDirectory.locate(explicit: arguments.option("--config"))
    }

    static func databasePath(_ arguments: Arguments) -> String {
        let environment = ProcessInfo.processInfo.environment
        return arguments.option("--db") ?? environment["GERBANG_DATABASE"] ?? environment["GERBANG_DB"] ?? "var/gerbang.sqlite"
    }

    /// The agency's zone from the calendar, or Asia/Jakarta when no configuration is found.
    static func zone(_ arguments: Arguments) -> TimeZone {
        (try? config(arguments).loadCalendar().timeZone) ?? TimeText.jakarta
    }

    /// The given path if nothing is there yet, else a new file in a new temporary folder.
    static func freshDatabasePath(_ given: String?, command: String) throws -> String {
        if let given {
            guard !FileManager.default.fileExists(atPath: given) else {
                throw FailureError(message: "gerbang \(command): \(given) already exists: this command starts from a fresh database, so name a new file or remove it")
            }
            return given
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gerbang-\(command.replacingOccurrences(of: " ", with: "-"))-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("gerbang.sqlite").path
    }
}
