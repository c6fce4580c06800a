import Foundation
import GatewayTestSupport
import Testing
@testable import gerbang

/// The command line itself: help, usage errors and exit codes.
@Suite struct GerbangTests {
    static let commands = [
        ["sop", "list"], ["sop", "show"], ["sop", "check"], ["cases"], ["case"], ["demo"], ["mock"], ["bench", "store"], ["bench", "http"],
    ]

    @Test(arguments: commands)
    func everyCommandHasHelpWithAnExample(command: [String]) throws {
        let output = try GerbangProcess.run(command + ["--help"])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("usage: gerbang \(command.joined(separator: " "))"))
        #expect(output.stdout.contains("example: "))
    }

    @Test func theOverviewListsEveryCommand() throws {
        let output = try GerbangProcess.run(["--help"])
        #expect(output.status == 0)
        for command in Self.commands {
            #expect(output.stdout.contains("  \(command.joined(separator: " ")) "))
        }
    }

    @Test func anUnknownOptionIsAUsageErrorOnStandardError() throws {
        let output = try GerbangProcess.run(["sop", "list", "--jsn"])
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("unknown option --jsn"))
        #expect(output.stderr.contains("gerbang sop list --help"))
    }

    @Test func anUnknownCommandIsAUsageError() throws {
        let output = try GerbangProcess.run(["serve-all"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("unknown command 'serve-all'"))
    }

    @Test func aMissingArgumentIsAUsageError() throws {
        let output = try GerbangProcess.run(["sop", "show"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("expects ID"))
    }

    @Test func noArgumentsPrintsTheOverviewAsAUsageError() throws {
        let output = try GerbangProcess.run([])
        #expect(output.status == 2)
        #expect(output.stdout.contains("commands:"))
    }

    @Test func versionNamesTheCommitGitHasForThisCheckout() throws {
        let output = try GerbangProcess.run(["--version"])
        let named = try GerbangProcess.run(["version"])
        #expect(output.status == 0 && output.stdout == named.stdout)
        #expect(output.stdout.hasPrefix("gerbang \(VersionCommand.version) (commit "))
        if let head = try? ExternalProcess.run("git", ["-C", RepositoryFiles.root.path, "rev-parse", "--short=12", "HEAD"]), head.status == 0 {
            #expect(output.stdout.contains("(commit \(head.stdout.trimmingCharacters(in: .whitespacesAndNewlines))"), "\(output.stdout)")
        }
    }

    /// Every hint the program prints as 'gerbang …' names a command that exists, with options it takes.
    @Test func everyHintNamesACommandThatExistsWithOptionsItTakes() throws {
        let sources = RepositoryFiles.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        let hint = /'gerbang ([^'\\(]+)'/
        var checked = 0
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: hint) {
                let words = match.1.split(separator: " ").map(String.init)
                // 'gerbang COMMAND --help' names a placeholder, not a command.
                guard let first = words.first, !["--help", "--version"].contains(first), first != first.uppercased() else { continue }
                let command = Gerbang.command(for: words)
                #expect(command != nil, "\(file): 'gerbang \(match.1)' names no command")
                let accepted = (command?.flags ?? []).union(command?.options ?? []).union(["--help"])
                for option in words where option.hasPrefix("--") {
                    #expect(accepted.contains(option), "\(file): 'gerbang \(match.1)': \(option) is not an option of \(command?.name ?? "?")")
                }
                checked += 1
            }
        }
        #expect(checked > 10)
    }

    /// Every command that prints a result takes --json; the servers print logs, not a result.
    @Test func everyCommandButTheServersTakesJSON() {
        let without = Gerbang.commands.filter { !$0.flags.contains("--json") }.map { $0.name }
        #expect(without.sorted() == ["mock", "serve"])
    }
}
