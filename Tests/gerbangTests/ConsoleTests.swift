import Foundation
import GatewayTestSupport
import Testing
@testable import gerbang

/// Colour only where a person reads a terminal, and never with NO_COLOR.
@Suite struct ConsoleTests {
    @Test func colourOnlyOnATerminalWithoutNoColor() {
        #expect(Console.terminalTakesColour(environment: [:], isTerminal: true))
        #expect(!Console.terminalTakesColour(environment: [:], isTerminal: false))
        #expect(!Console.terminalTakesColour(environment: ["NO_COLOR": ""], isTerminal: true))  // set, even empty (no-color.org)
        #expect(!Console.terminalTakesColour(environment: ["TERM": "dumb"], isTerminal: true))
    }

    @Test func paintingWrapsTheMarkedWordsAndLeavesThePlainLineAlone() {
        let line = "FAILED   system oss   http://127.0.0.1:9 does not answer"
        #expect(Console(coloured: true).painted(line, [("FAILED", .red)]) == "\u{1B}[31mFAILED\u{1B}[0m   system oss   http://127.0.0.1:9 does not answer")
        #expect(Console(coloured: false).painted(line, [("FAILED", .red)]) == line)
    }

    /// Through a pseudo-terminal (`script`), as an operator's shell runs it.
    @Test(.enabled(if: ExternalProcess.exists("script")))
    func doctorOnATerminalPaintsFailedRedUnlessNoColorIsSet() throws {
        let folder = try TemporaryFolder()
        let command = "\(GerbangProcess.executable.path) doctor"
        let environment = ["GERBANG_DATABASE": folder.path(), "GERBANG_SYSTEMS_OSS_URL": "http://127.0.0.1:9", "TERM": "xterm"]
        let painted = try GerbangProcess.run(["-q", "-c", command, "/dev/null"], extra: environment, program: "/usr/bin/script")
        #expect(painted.stdout.contains("\u{1B}[31mFAILED\u{1B}[0m"))
        let plain = try GerbangProcess.run(["-q", "-c", command, "/dev/null"], extra: environment.merging(["NO_COLOR": "1"]) { $1 },
                                           program: "/usr/bin/script")
        #expect(plain.stdout.contains("FAILED") && !plain.stdout.contains("\u{1B}["))
    }
}
