import Foundation
import GatewayCore
import GatewayDaemon
import GatewayStore

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

    static let listingHelp = """
          --limit N      at most N rows (default 1000); a listing its limit cuts says so, with the command for the next page
          --after X      the page after row X (the cursor a cut listing names)
        """

    /// --limit, a positive whole number, or `fallback`.
    static func limit(_ arguments: Arguments, command: String, default fallback: Int = 1000) throws(UsageError) -> Int {
        try number(arguments, "--limit", command: command) ?? fallback
    }

    /// A whole-number option of at least `minimum`, if given.
    static func number(_ arguments: Arguments, _ option: String, command: String, minimum: Int = 1) throws(UsageError) -> Int? {
        guard let text = arguments.option(option) else { return nil }
        guard let value = Int(text), value >= minimum else {
            throw UsageError(command: command, message: "\(option) is \(minimum > 0 ? "a positive" : "a") whole number, not '\(text)'")
        }
        return value
    }

    /// Says that a listing was cut and how to go on: under the table, or on standard error when stdout is JSON.
    static func tell(_ note: String?, json: Bool, console: Console) {
        guard let note else { return }
        json ? console.error(note) : console.out(note)
    }

    /// A filter value checked against what exists: exit 2 naming the valid values (the first 20).
    static func check(_ value: String?, option: String, among known: some Collection<String>, command: String) throws(UsageError) {
        guard let value, !known.contains(value) else { return }
        let listed = known.sorted().prefix(20).joined(separator: ", ") + (known.count > 20 ? ", …" : "")
        throw UsageError(command: command, message: "\(option) '\(value)' is not known; it is one of \(listed.isEmpty ? "(none yet)" : listed)")
    }

    /// A case filter checked against the database: exit 2 when no case has the id.
    static func checkCase(_ id: String?, in database: GatewayDatabase, command: String) throws {
        guard let id, try database.cases.load(id) == nil else { return }
        throw UsageError(command: command, message: "--case '\(id)' is no case in the database: 'gerbang cases' lists them")
    }

    /// The agency's zone from the calendar, or Asia/Jakarta when no configuration is found.
    static func zone(_ arguments: Arguments) -> TimeZone {
        (try? config(arguments).loadCalendar().timeZone) ?? TimeText.jakarta
    }

    /// The scenarios folder beside the configuration, and the izin-perluasan scenario's first `dataNIB`: the
    /// benchmarks' template for pushes and permits.
    static func benchmarkTemplate(_ config: ConfigDirectory, command: String) throws -> (scenarios: String, dataNIB: JSONValue) {
        let scenarios = URL(fileURLWithPath: config.path).deletingLastPathComponent().path + "/fixtures/scenarios"
        guard let data = FileManager.default.contents(atPath: scenarios + "/izin-perluasan.json"),
              let template = try JSONValue.decode(data).field("oss")?.field("nibs")?.array?.first else {
            throw FailureError(message: "gerbang \(command): \(scenarios)/izin-perluasan.json with oss.nibs[0] is needed as the benchmark's template")
        }
        return (scenarios, template)
    }

    /// What a benchmark command starts from: the configuration, the izin-perluasan template, a scratch folder (the
    /// caller removes it with ``BenchmarkSetting/removeFolder()``), and where progress goes (stderr under --json).
    struct BenchmarkSetting {
        let config: ConfigDirectory
        let scenarios: String
        let template: JSONValue
        let folder: String
        let json: Bool
        let say: (String) -> Void

        func removeFolder() {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    static func benchmarkSetting(_ arguments: Arguments, command: String, console: Console) throws -> BenchmarkSetting {
        let config = try Common.config(arguments)
        let (scenarios, template) = try benchmarkTemplate(config, command: command)
        let folder = URL(fileURLWithPath: try freshDatabasePath(nil, command: command)).deletingLastPathComponent().path
        let json = arguments.has("--json")
        return BenchmarkSetting(config: config, scenarios: scenarios, template: template, folder: folder, json: json,
                                say: { line in json ? console.error(line) : console.out(line) })
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
