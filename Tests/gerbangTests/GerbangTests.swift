import Foundation
import Testing

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
}
