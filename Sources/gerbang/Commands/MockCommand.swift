import Foundation
import GatewayDaemon
import GatewayDemo
import MockNationalSystems
import NationalSystems

/// `gerbang mock all|oss|siinas|sipro`: the mock national systems.
enum MockCommand: Command {
    static let name = "mock"
    static let summary = "run mock OSS RBA, SIINas and SIPRO servers on 127.0.0.1"
    static let options: Set<String> = ["--port", "--oss-port", "--siinas-port", "--sipro-port", "--agency-url", "--authority", "--state-dir", "--scenarios", "--config"]
    static let help = """
        usage: gerbang mock all|oss|siinas|sipro [options]

        Starts mock national systems and prints 'ready <system> <url>' for each once it
        accepts connections; SIGINT or SIGTERM stops them. Each has an admin API under
        /__admin/ (journal, faults, scenario, events, state, config, clock): docs/mocks.md.
          --port N             the port of a single mock
          --oss-port N         default 8701
          --siinas-port N      default 8702
          --sipro-port N       default 8703 (0 picks a free port)
          --agency-url URL     the gateway, where OSS and SIINas push notifications
          --authority A        technical (default) or licensing: the codes OSS takes from the
                               agency (agency.authority in gerbang.json; others get 403)
          --state-dir DIR      keep each mock's state in DIR/<system>.json across restarts
          --scenarios DIR      default: fixtures/scenarios beside the config folder

        example: gerbang mock all --agency-url http://127.0.0.1:8080 --state-dir var/mocks
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let which = try arguments.positionals("all|oss|siinas|sipro", command: name)[0]
        let systems = which == "all" ? MockSystems.all : [which]
        guard systems.allSatisfy(MockSystems.all.contains) else {
            throw UsageError(command: name, message: "'\(which)' is not a mock: use all, oss, siinas or sipro")
        }
        if systems.count > 1, arguments.option("--port") != nil {
            throw UsageError(command: name, message: "--port names the port of one mock: with 'all', use --oss-port, --siinas-port and --sipro-port")
        }
        var options = MockSystems.Options(scenarios: ScenarioLibrary(folder: scenariosFolder(arguments)))
        for system in MockSystems.all {
            if let port = try port(arguments, "--\(system)-port") { options.ports[system] = port }
        }
        if let port = try port(arguments, "--port") { options.ports[systems[0]] = port }
        options.settings.agencyURL = arguments.option("--agency-url")
        if let given = arguments.option("--authority") {
            guard let authority = OSSAuthority(rawValue: given) else {
                throw UsageError(command: name, message: "--authority is technical or licensing, not '\(given)'")
            }
            options.settings.agencyAuthority = authority
        }
        options.stateFolder = arguments.option("--state-dir")
        if ProcessInfo.processInfo.environment[AcceleratedClock.environmentVariable] != nil {
            // A chaos run's shared clock, read against the shipped calendar (the mocks have no configuration of their own).
            let calendar = try Common.config(arguments).loadCalendar()
            if let clock = try AcceleratedClock.fromEnvironment(ProcessInfo.processInfo.environment, calendar: calendar) {
                options.clock = { clock.now() }
            }
        }
        options.log = { line in FileHandle.standardError.write(Data(("mock: " + line + "\n").utf8)) }
        let servers = try MockSystems.start(systems, options: options)
        for server in servers {
            // Unbuffered: whoever started us reads these to know the mocks accept connections.
            FileHandle.standardOutput.write(Data("ready \(server.name) \(server.url)\n".utf8))
        }
        _ = ShutdownSignal.wait()
        for server in servers { server.stop() }
        return 0
    }

    private static func port(_ arguments: Arguments, _ option: String) throws(UsageError) -> Int? {
        guard let text = arguments.option(option) else { return nil }
        guard let port = Int(text), (0...65535).contains(port) else {
            throw UsageError(command: name, message: "\(option) is a port number (0-65535), not '\(text)'")
        }
        return port
    }

    private static func scenariosFolder(_ arguments: Arguments) -> String {
        if let given = arguments.option("--scenarios") { return given }
        if let config = try? Common.config(arguments) {
            return URL(fileURLWithPath: config.path).deletingLastPathComponent().appendingPathComponent("fixtures/scenarios").path
        }
        return "fixtures/scenarios"
    }
}
