import Foundation
import GatewayDaemon

/// `gerbang demo`: every SOP end to end, on a fresh database, checked.
enum DemoCommand: Command {
    static let name = "demo"
    static let summary = "run cases through all five SOPs end to end and check the result"
    static let options: Set<String> = ["--db", "--config"]
    static let help = """
        usage: gerbang demo [--db FILE] [--config DIR]

        Runs cases through every SOP with simulated officers, applicants and
        national systems on a simulated clock from Thursday 17 December 2026
        (Asia/Jakarta), into cuti bersama, Natal and weekends. Every yes, no
        and return to the applicant is taken at least once. Prints each case's
        path and whether each step met its time standard, then reopens the
        database and checks itself. Exits 1 if the check fails.
          --db FILE      where to write the database; it must not exist yet
                         (default: a new folder under the system's temporary folder)
        \(Common.configHelp)

        example: gerbang demo --db /tmp/demo.sqlite && gerbang cases --db /tmp/demo.sqlite
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        let config = try Common.config(arguments)
        let path = try freshDatabasePath(arguments.option("--db"), command: name)
        let demo = Demo(definitions: try config.loadDefinitions(), calendar: try config.loadCalendar())
        let report = try demo.run(Demo.Options(databasePath: path), print: console.out)
        return report.passed ? 0 : 1
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
