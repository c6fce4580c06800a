import Foundation
import GatewayCore

/// The `config/` folder: SOP definitions in `sop/*.json` and the work
/// calendar in `calendar/`. Reads the files; the core decodes and checks them.
public struct ConfigDirectory: Sendable {
    /// The folder as given (relative paths stay relative, so errors name files as the operator typed them).
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Finds the config folder: an explicit path, else `GERBANG_CONFIG_DIR`,
    /// else `./config`, else a `config/` beside or above the executable (so
    /// `swift run` works from any folder inside the checkout).
    public static func locate(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executable: String = CommandLine.arguments.first ?? ""
    ) throws(ConfigurationError) -> ConfigDirectory {
        if let given = explicit ?? environment["GERBANG_CONFIG_DIR"] {
            guard isConfigDirectory(given) else {
                throw .missing(path: given, hint: "it should hold sop/ and calendar/: check the path")
            }
            return ConfigDirectory(path: given)
        }
        if isConfigDirectory(URL(fileURLWithPath: currentDirectory).appendingPathComponent("config").path) {
            return ConfigDirectory(path: "config")
        }
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("config").path
            if isConfigDirectory(candidate) { return ConfigDirectory(path: candidate) }
            folder.deleteLastPathComponent()
        }
        throw .missing(path: "config", hint: "run from the Gerbang checkout, or pass --config DIR or set GERBANG_CONFIG_DIR")
    }

    private static func isConfigDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path + "/sop", isDirectory: &isDirectory) && isDirectory.boolValue
    }

    // MARK: SOP definitions

    /// The `sop/*.json` files, sorted by name.
    public func definitionFiles() throws(ConfigurationError) -> [String] {
        try jsonFiles(in: "sop").map { "\(path)/sop/\($0)" }
    }

    /// Every SOP definition, validated, ordered by the seed they come from.
    /// - Throws: ``ConfigurationError/invalidDefinitions(_:)`` with the problems of every broken file.
    public func loadDefinitions() throws(ConfigurationError) -> [ProcessDefinition] {
        var definitions: [ProcessDefinition] = []
        var problems: [DefinitionProblem] = []
        for file in try definitionFiles() {
            do {
                definitions.append(try Self.loadDefinition(file: file))
            } catch {
                problems += error.problems
            }
        }
        guard problems.isEmpty else { throw .invalidDefinitions(problems) }
        guard !definitions.isEmpty else { throw .missing(path: "\(path)/sop", hint: "it holds no *.json SOP definitions") }
        return definitions.sorted { ($0.source, $0.id) < ($1.source, $1.id) }
    }

    /// Reads and validates one definition file.
    public static func loadDefinition(file: String) throws(DefinitionError) -> ProcessDefinition {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw DefinitionError(problems: [DefinitionProblem(file: file, step: nil, field: nil, message: "cannot be read: check that it exists and is readable")])
        }
        return try ProcessDefinition.load(from: data, file: file)
    }

    // MARK: Work calendar

    /// `calendar/office-hours.json` with every `calendar/holidays-*.json`.
    public func loadCalendar() throws(ConfigurationError) -> WorkCalendar {
        let hoursFile = "\(path)/calendar/office-hours.json"
        guard let hours = FileManager.default.contents(atPath: hoursFile) else {
            throw .missing(path: hoursFile, hint: "the work calendar needs the office hours")
        }
        var holidays: [(data: Data, file: String)] = []
        for name in try jsonFiles(in: "calendar") where name.hasPrefix("holidays-") {
            let file = "\(path)/calendar/\(name)"
            guard let data = FileManager.default.contents(atPath: file) else { throw .missing(path: file, hint: "cannot be read") }
            holidays.append((data, file))
        }
        do {
            return try WorkCalendar.load(officeHours: (hours, hoursFile), holidays: holidays)
        } catch {
            throw .invalidCalendar(error)
        }
    }

    private func jsonFiles(in folder: String) throws(ConfigurationError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: "\(path)/\(folder)")
                .filter { $0.hasSuffix(".json") }
                .sorted()
        } catch {
            throw .missing(path: "\(path)/\(folder)", hint: "cannot list it: \(error.localizedDescription)")
        }
    }
}

/// A configuration that cannot be used; each case says where and what to do.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case missing(path: String, hint: String)
    case invalidDefinitions([DefinitionProblem])
    case invalidCalendar(CalendarError)

    public var description: String {
        switch self {
        case .missing(let path, let hint): "\(path): not found or unusable: \(hint)"
        case .invalidDefinitions(let problems): problems.map(\.description).joined(separator: "\n")
        case .invalidCalendar(let error): error.description
        }
    }
}
