import Foundation
import GatewayCore
import GatewayDaemon
import GatewayDemo
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import MockNationalSystems
import NationalSystems

/// The mocks and a gateway in this process on free loopback ports, with a
/// fresh database and short polling and retry intervals, stopped when released.
final class RigFixture {
    let folder: TemporaryFolder
    let rig: Rig

    /// - Parameter configFolder: a config folder of the test's own (one it changes), instead of the repository's.
    init(overrides: [String: String] = [:], services: Bool = true, clock: (any TimeSource)? = nil, in folder: TemporaryFolder? = nil,
         configFolder: String? = nil) throws {
        self.folder = try folder ?? TemporaryFolder()
        var options = Self.options(folder: self.folder, overrides: overrides, services: services)
        if let clock { options.clock = clock }
        if let configFolder { options.configFolder = configFolder }
        rig = try Rig(options)
    }

    static func options(folder: TemporaryFolder, overrides: [String: String] = [:], services: Bool = true) -> Rig.Options {
        var options = Rig.Options(configFolder: RepositoryFiles.root.appendingPathComponent("config").path,
                                  scenariosFolder: RepositoryFiles.root.appendingPathComponent("fixtures/scenarios").path,
                                  databasePath: folder.path("gerbang.sqlite"))
        options.overrides = fastIntervals.merging(overrides) { _, given in given }
        options.services = services
        return options
    }

    /// Polling, dispatch and retries in tens of milliseconds, so a test waits for conditions, not for timers.
    static let fastIntervals = [
        "GERBANG_POLLING_SIINAS_MILLISECONDS": "50", "GERBANG_POLLING_SIPRO_MILLISECONDS": "50",
        "GERBANG_POLLING_OSS_RECONCILE_MILLISECONDS": "100", "GERBANG_POLLING_DISPATCH_MILLISECONDS": "20",
        "GERBANG_SERVICE_LEVELS_SWEEP_MILLISECONDS": "50",
        "GERBANG_SYSTEMS_OSS_RETRY_DELAYS_SECONDS": "[0.05, 0.05, 0.05, 0.05, 0.05]",
        "GERBANG_SYSTEMS_SIINAS_RETRY_DELAYS_SECONDS": "[0.05, 0.05, 0.05, 0.05, 0.05]",
        "GERBANG_SYSTEMS_SIPRO_RETRY_DELAYS_SECONDS": "[0.05, 0.05, 0.05, 0.05, 0.05]",
        "GERBANG_SYSTEMS_DPMPTSP_RETRY_DELAYS_SECONDS": "[0.05, 0.05, 0.05, 0.05, 0.05]",
    ]

    /// An admin's and a viewer's token for ``behindAProxy``.
    static let adminToken = "t-admin-9c41e07d2b5a8f36e1f0b7a4c29d58e3", viewerToken = "t-viewer-2e8b7c05d19f4a63b8e2d7c1f04a9e65"

    /// The overrides of a gateway behind a reverse proxy on 127.0.0.1: exposed, so it refuses the
    /// development secrets and takes these (the mocks do not know them: for tests that leave the
    /// national systems alone).
    static let behindAProxy: [String: String] = {
        var overrides = ["GERBANG_SECURITY_TRUSTED_PROXIES": #"["127.0.0.1"]"#, "GERBANG_ROLE_TOKENS": """
            {"\(adminToken)": {"officer": "admin", "roles": ["admin"]}, "\(viewerToken)": {"officer": "viewer", "roles": ["viewer"]}}
            """]
        for name in ["OSS_USER_KEY", "OSS_USERNAME", "OSS_PASSWORD", "SIINAS_TOKEN", "SIINAS_SIGNING_SECRET", "SIPRO_KEY"] {
            overrides["GERBANG_" + name] = "test-\(name.lowercased())-0d7e5a3c9b14f6e2a8d07c35b91e4f2a6c8d0e7b3f5a1c9e2d4b6f8a0c7e3d1b5"
        }
        return overrides
    }()

    deinit {
        rig.stop()
    }

    /// The cases the gateway lists, as JSON.
    func cases() throws -> [JSONValue] {
        try JSONValue.decode(Data(rig.api(.get, "/api/cases").requireSuccess().body)).field("cases")?.array ?? []
    }

    func detail(_ caseID: String) throws -> JSONValue {
        try JSONValue.decode(Data(rig.api(.get, "/api/cases/\(caseID)").requireSuccess().body))
    }

    /// Waits until officers of `role` see the case in their work list: once OSS answered the check of its NIB (the gateway
    /// refuses their decisions with 409 until then), which a loaded machine may take a while to do.
    func awaitTask(_ caseID: String, role: String) -> Bool {
        Eventually.holds {
            let tasks = try? JSONValue.decode(Data(rig.api(.get, "/api/tasks?role=\(role)").requireSuccess().body)).field("tasks")?.array
            return tasks?.contains { $0.field("id")?.text == caseID } == true
        }
    }

    /// Reads the gateway's database.
    func read<T>(_ body: (GatewayDatabase) throws -> T) throws -> T {
        try rig.gateway.runtime.read(body)
    }

    /// Requests a mock received on a path, oldest first.
    func received(_ system: String, _ path: String) -> [Journal.Entry] {
        rig.mock(system).context.journal.entries(direction: .received, pathPrefix: path).filter { $0.method == "POST" }
    }
}

extension Rig {
    /// What a browser holds after opening the login form: its cookie ("gerbang_masuk=…") and the form's CSRF field,
    /// to post a login with as that browser would.
    func loginForm(headers: HTTPHeaders = [:]) throws -> (cookie: String, csrf: String) {
        let form = try client.send(ClientRequest(method: .get, url: gateway.url + "/masuk", headers: headers))
        let setCookie = form.headers["Set-Cookie"] ?? ""
        let html = String(decoding: form.body, as: UTF8.self)
        let marker = "name=\"csrf\" value=\""
        guard setCookie.hasPrefix("gerbang_masuk="), let start = html.range(of: marker)?.upperBound else {
            throw LoginFormMissing(status: form.status.code)
        }
        return (String(setCookie.prefix { $0 != ";" }), String(html[start...].prefix { $0 != "\"" }))
    }

    struct LoginFormMissing: Error {
        let status: Int
    }
}
