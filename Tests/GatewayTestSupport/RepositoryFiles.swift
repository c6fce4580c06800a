import Foundation
import GatewayCore

/// The shipped configuration in this checkout, found from this file's path
/// so tests run from any working directory.
public enum RepositoryFiles {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func read(_ relativePath: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(relativePath))
    }

    /// The shipped SOP definition with this id, loaded and validated.
    public static func definition(_ id: String) throws -> ProcessDefinition {
        let file = "config/sop/\(id).json"
        return try ProcessDefinition.load(from: read(file), file: file)
    }

    public static var definitionIDs: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("config/sop").path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The shipped calendar: office hours and every holidays file.
    public static func calendar() throws -> WorkCalendar {
        let folder = root.appendingPathComponent("config/calendar")
        let holidays = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("holidays-") }
            .map { (data: try read("config/calendar/\($0)"), file: $0) }
        return try WorkCalendar.load(officeHours: (try read("config/calendar/office-hours.json"), "office-hours.json"), holidays: holidays)
    }

    /// The seeds the definitions were transcribed from, when `../shared` is beside the checkout (as in CI).
    public static var configFolder: String { root.appendingPathComponent("config").path }

    public static let seedsFolder = root.deletingLastPathComponent().appendingPathComponent("shared/seeds")
    public static var seedsArePresent: Bool { FileManager.default.fileExists(atPath: seedsFolder.path) }
    /// Whether the seed tests run: where the seeds are, and always in CI (`CI=true`), where their absence is a failure.
    public static var seedTestsRun: Bool { seedsArePresent || ProcessInfo.processInfo.environment["CI"] == "true" }
}
