import Foundation

/// The `gerbang` command-line tool: parses, calls the daemon's library, prints.
@main
struct Gerbang {
    static let commands: [any Command.Type] = [
        SOPListCommand.self, SOPShowCommand.self, SOPCheckCommand.self, SOPVersionsCommand.self, SOPDiffCommand.self, SOPMigrateCommand.self, SOPImportCommand.self,
        CasesCommand.self, CaseCommand.self, TasksCommand.self, DecideCommand.self, WithdrawCommand.self, PermitsCommand.self,
        DemoCommand.self, ChaosCommand.self, ServeCommand.self, LogCommand.self, ArchiveCommand.self, OutboxCommand.self, PauseCommand.self, ResumeCommand.self, TokenCommand.self,
        BackupCommand.self, RestoreCommand.self, DoctorCommand.self, VersionCommand.self, CalendarShowCommand.self, CalendarImportCommand.self, OSSFetchCommand.self, OSSReferensiCommand.self, MockCommand.self, BenchStoreCommand.self, BenchHTTPCommand.self, BenchIngestCommand.self, BenchReconcileCommand.self, BenchSoakCommand.self,
    ]

    static func main() {
        Process.prepare()
        exit(run(Array(CommandLine.arguments.dropFirst()), console: Console()))
    }

    static func run(_ words: [String], console: Console) -> Int32 {
        if words.isEmpty || words == ["--help"] || words == ["-h"] || words == ["help"] {
            console.out(overview)
            return words.isEmpty ? 2 : 0
        }
        if words == ["--version"] { return run(["version"], console: console) }
        let asked = words.first == "help" ? Array(words.dropFirst()) : words
        guard let command = command(for: asked) else {
            let topic = asked.prefix { !$0.hasPrefix("-") }.joined(separator: " ")
            console.error("gerbang: unknown command '\(topic)'\nsee 'gerbang --help'")
            return 2
        }
        let rest = Array(asked.dropFirst(command.name.split(separator: " ").count))
        if words.first == "help" || rest.contains("--help") || rest.contains("-h") {
            console.out(command.help)
            return 0
        }
        do {
            return try command.run(try command.parse(rest), console: console)
        } catch let error as UsageError {
            console.error(error.description)
            return 2
        } catch let error as FailureError {
            console.error(error.message)
            return 1
        } catch {
            console.error("gerbang \(command.name): \(error)")
            return 1
        }
    }

    /// The command whose words start the command line, preferring the longest ("sop list" over "sop").
    static func command(for words: [String]) -> (any Command.Type)? {
        commands
            .filter { words.starts(with: $0.name.split(separator: " ").map(String.init)) }
            .max { $0.name.count < $1.name.count }
    }

    static var overview: String {
        // A closure, not a key path: key paths through `any Command.Type` crash the 6.3 compiler.
        let width = commands.map { $0.name.count }.max() ?? 0
        let lines = commands.map { "  \($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.summary)" }
        return """
            gerbang: an integration gateway between a licensing agency and OSS RBA, SIINas and SIPRO

            usage: gerbang COMMAND [options]

            commands:
            \(lines.joined(separator: "\n"))

            'gerbang COMMAND --help' shows a command's options and an example.
            Exit codes: 0 done, 1 a check failed or an error, 2 the command line is wrong.
            """
    }
}
