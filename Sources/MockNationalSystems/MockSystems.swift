import Foundation

/// Starts mocks of the national systems together, wiring SIINas to report to
/// the mock OSS when both run.
public enum MockSystems {
    public static let all = ["oss", "siinas", "sipro"]
    public static let defaultPorts = ["oss": 8701, "siinas": 8702, "sipro": 8703]

    public struct Options: Sendable {
        public var host = "127.0.0.1"
        /// Port per system; 0 picks a free one.
        public var ports = MockSystems.defaultPorts
        public var settings = MockSettings()
        public var scenarios: ScenarioLibrary
        /// A folder for `<system>.json` state files; nil keeps state in memory.
        public var stateFolder: String?
        public var log: @Sendable (String) -> Void = { _ in }
        /// The mocks' time when no admin fixed it: the real clock, or a demo's accelerated one.
        public var clock: @Sendable () -> Date = { Date() }

        public init(scenarios: ScenarioLibrary) {
            self.scenarios = scenarios
        }
    }

    /// Starts the named systems (in the order oss, siinas, sipro) and returns them running.
    public static func start(_ names: [String], options: Options) throws -> [MockServer] {
        var started: [MockServer] = []
        do {
            for name in all where names.contains(name) {
                var settings = options.settings
                if name == "siinas", let oss = started.first(where: { $0.name == "oss" }) {
                    settings.ossURL = oss.url
                }
                let server = try MockServer(
                    host: options.host, port: options.ports[name] ?? 0, settings: settings, scenarios: options.scenarios,
                    stateFile: options.stateFolder.map { StateFile(path: "\($0)/\(name).json") }, clock: MockClock(source: options.clock),
                    log: options.log,
                    system: factory(name))
                try server.start()
                started.append(server)
            }
        } catch {
            for server in started { server.stop(grace: .zero) }
            throw error
        }
        return started
    }

    static func factory(_ name: String) -> (MockContext) -> any MockSystem {
        switch name {
        case "siinas": { SIINasMock(context: $0) }
        case "sipro": { SIPROMock(context: $0) }
        default: { OSSMock(context: $0) }
        }
    }
}
