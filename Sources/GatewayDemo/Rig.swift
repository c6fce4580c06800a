import Foundation
import GatewayCore
import GatewayDaemon
import GatewayHTTP
import MockNationalSystems
import NationalSystems

/// The three mock national systems and a gateway, all in this process on
/// loopback ports the system picks, wired to each other: what the demo
/// runs, and what the end-to-end tests run against.
public final class Rig: @unchecked Sendable {
    public struct Options {
        /// The configuration folder (gerbang.json, sop/, calendar/, routing.json).
        public var configFolder: String
        public var scenariosFolder: String
        public var databasePath: String
        public var clock: any TimeSource = SystemTime()
        /// Settings overrides, as the environment would give them (GERBANG_POLLING_SIINAS_MILLISECONDS: "50").
        public var overrides: [String: String] = [:]
        public var services = true
        public var operatorLog: @Sendable (String) -> Void = { _ in }

        public init(configFolder: String, scenariosFolder: String, databasePath: String) {
            self.configFolder = configFolder
            self.scenariosFolder = scenariosFolder
            self.databasePath = databasePath
        }
    }

    public let options: Options
    public let mocks: [MockServer]
    public private(set) var gateway: Gateway
    public let client = HTTPClient()

    public init(_ options: Options) throws {
        self.options = options
        var mockOptions = MockSystems.Options(scenarios: ScenarioLibrary(folder: options.scenariosFolder))
        mockOptions.ports = ["oss": 0, "siinas": 0, "sipro": 0]
        let clock = options.clock
        mockOptions.clock = { clock.now() }
        mockOptions.log = options.operatorLog
        mocks = try MockSystems.start(MockSystems.all, options: mockOptions)
        do {
            gateway = try Self.makeGateway(options, mocks: mocks)
            try gateway.start()
        } catch {
            for mock in mocks { mock.stop(grace: .zero) }
            throw error
        }
        connectMocks()
    }

    /// Points the mocks at the gateway: where to push, and what its authority lets it tell OSS.
    private func connectMocks() {
        let (url, authority) = (gateway.url, gateway.runtime.configuration.settings.agency.authority)
        for mock in mocks {
            mock.context.update { settings in
                settings.agencyURL = url
                settings.agencyAuthority = authority
            }
        }
    }

    /// The settings overrides that point a gateway at these mocks, on a free port, with this database.
    public static func environment(_ options: Options, mocks: [MockServer]) -> [String: String] {
        func url(_ name: String) -> String { mocks.first { $0.name == name }?.url ?? "" }
        var environment = [
            "GERBANG_LISTEN_PORT": "0", "GERBANG_DATABASE": options.databasePath, "GERBANG_SYNC_LOG_STDOUT": "false",
            "GERBANG_SYSTEMS_OSS_URL": url("oss"), "GERBANG_SYSTEMS_SIINAS_URL": url("siinas"),
            "GERBANG_SYSTEMS_SIPRO_URL": url("sipro"), "GERBANG_SYSTEMS_DPMPTSP_URL": url("sipro"),
        ]
        environment.merge(options.overrides) { _, given in given }
        return environment
    }

    private static func makeGateway(_ options: Options, mocks: [MockServer]) throws -> Gateway {
        let configuration = try GatewayConfiguration.load(file: options.configFolder + "/gerbang.json",
                                                          environment: environment(options, mocks: mocks))
        var gatewayOptions = Gateway.Options()
        gatewayOptions.clock = options.clock
        gatewayOptions.services = options.services
        gatewayOptions.operatorLog = { [log = options.operatorLog] message in log(message.description) }
        return try Gateway(configuration: configuration, options: gatewayOptions)
    }

    public func mock(_ name: String) -> MockServer {
        mocks.first { $0.name == name }!
    }

    /// Stops the gateway and starts a new one on the same database and port-picking rules.
    public func restartGateway(services: Bool = true) throws {
        gateway.stop(grace: .milliseconds(200))
        var options = self.options
        options.services = services
        gateway = try Self.makeGateway(options, mocks: mocks)
        try gateway.start()
        connectMocks()
    }

    public func stop() {
        gateway.stop(grace: .milliseconds(500))
        for mock in mocks { mock.stop(grace: .milliseconds(200)) }
    }

    // MARK: Calls

    /// Calls a mock's admin API and returns the answer as JSON; a non-2xx answer is an error naming it.
    @discardableResult
    public func admin(_ system: String, _ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil) throws -> ClientResponse {
        try client.send(ClientRequest(method: method, url: mock(system).url + "/__admin/" + path,
                                      headers: ["Content-Type": "application/json"], body: body.map { Array($0.encoded()) } ?? [])).requireSuccess()
    }

    /// Officers deciding through this rig's gateway: through its API, or with `inBrowser` through the desk's pages.
    public func desk(pace: OfficerDesk.Pace = .immediate, inBrowser: Bool = false) -> OfficerDesk {
        let browser = inBrowser ? DeskBrowser { [self] method, path, headers, body in
            try client.send(ClientRequest(method: method, url: gateway.url + path, headers: headers, body: body))
        } : nil
        return OfficerDesk(definitions: gateway.runtime.configuration.definitions, pace: pace, browser: browser) { [self] method, path, token, body in
            try api(method, path, token: token, body: body)
        }
    }

    /// Calls the gateway's API.
    /// A call to the gateway's API, by default with the development administrator's token (which may read everything).
    public func api(_ method: HTTPMethod, _ path: String, token: String? = "dev-admin", body: [UInt8] = []) throws -> ClientResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let token { headers.add("Authorization", "Bearer " + token) }
        return try client.send(ClientRequest(method: method, url: gateway.url + path, headers: headers, body: body))
    }
}
