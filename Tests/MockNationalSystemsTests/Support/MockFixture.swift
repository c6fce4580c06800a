import Foundation
import GatewayCore
import GatewayHTTP
import GatewayTestSupport
import NationalSystems
@testable import MockNationalSystems

/// Mocks on 127.0.0.1 port 0 with the repository's scenarios, a receiver standing in for
/// the gateway, and a client with the development credentials.
final class MockFixture {
    let receiver: Receiver
    let servers: [MockServer]
    let client = HTTPClient()
    let settings = MockSettings()

    init(_ systems: [String] = MockSystems.all, stateFolder: String? = nil) throws {
        receiver = try Receiver()
        var options = MockSystems.Options(scenarios: ScenarioLibrary(folder: RepositoryFiles.root.appendingPathComponent("fixtures/scenarios").path))
        options.ports = ["oss": 0, "siinas": 0, "sipro": 0]
        options.settings.agencyURL = receiver.url
        options.stateFolder = stateFolder
        servers = try MockSystems.start(systems, options: options)
    }

    deinit {
        for server in servers { server.stop(grace: .milliseconds(100)) }
    }

    func server(_ name: String) -> MockServer { servers.first { $0.name == name }! }
    func url(_ name: String) -> String { server(name).url }

    /// POSTs JSON to an OSS method with the right user_key unless told otherwise.
    func oss(_ method: OSSMethod, _ body: JSONValue, userKey: String? = MockSettings().ossUserKey) throws -> ClientResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let userKey { headers.add("user_key", userKey) }
        return try client.send(ClientRequest(method: .post, url: url("oss") + method.path, headers: headers, body: Array(body.encoded())))
    }

    /// A receiveLicenseStatus body with every field the guide requires said, as an agency sends it: the references are
    /// the izin-perluasan scenario's (its NIB's project, product and oss_id).
    static func status(_ idIzin: String, _ code: String, kdInstansi: String = "998") -> JSONValue {
        ["IZINSTATUS": izinStatus(idIzin, OSSStatusCode(code), kdInstansi: kdInstansi).json]
    }

    static func izinStatus(_ idIzin: String, _ code: OSSStatusCode, kdInstansi: String = "998") -> IzinStatus {
        IzinStatus(idIzin: idIzin, kdStatus: code, nib: "8120000110001", idProduk: "PRD-202612110930000000101", idProyek: "R-202612110930000000101",
                   ossID: "P-202612110930000010001", kdIzin: "030000000012", kdInstansi: kdInstansi, tglStatus: "2026-12-28 10:00:00",
                   nipStatus: "197001011990031001", namaStatus: code.name ?? code.code, keterangan: "Status dari dinas")
    }

    /// A receiveLicense IZINFINAL with every field the guide requires said (but the number a 49 asks for).
    static func izinFinal(_ idIzin: String, _ status: OSSStatusCode, nomorIzin: String? = nil, keterangan: String? = nil) -> IzinFinal {
        IzinFinal(idIzin: idIzin, statusIzin: status, nib: "8120000110001", idProyek: "R-202612110930000000101", ossID: "P-202612110930000010001",
                  kdIzin: "030000000012", kdDaerah: "6171000000", nomorIzin: nomorIzin, tglTerbitIzin: "2026-12-28", tglBerlakuIzin: "2026-12-28",
                  namaTTD: "Kepala Dinas", nipTTD: "197001011990031001", jabatanTTD: "Kepala Dinas Perindustrian", keterangan: keterangan)
    }

    func siinas(_ path: String, token: String? = MockSettings().siinasToken) throws -> ClientResponse {
        try siinas(.get, path, token: token)
    }

    func siinas(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil, token: String? = MockSettings().siinasToken) throws -> ClientResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let token { headers.add("Authorization", "Bearer " + token) }
        return try client.send(ClientRequest(method: method, url: url("siinas") + path, headers: headers, body: body.map { Array($0.encoded()) } ?? []))
    }

    func sipro(_ path: String, key: String? = MockSettings().siproKey) throws -> ClientResponse {
        try sipro(.get, path, key: key)
    }

    func sipro(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil, key: String? = MockSettings().siproKey) throws -> ClientResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let key { headers.add("X-SIPRO-Key", key) }
        return try client.send(ClientRequest(method: method, url: url("sipro") + path, headers: headers, body: body.map { Array($0.encoded()) } ?? []))
    }

    /// Calls a mock's admin API.
    @discardableResult
    func admin(_ name: String, _ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil) throws -> ClientResponse {
        try client.send(ClientRequest(method: method, url: url(name) + "/__admin/" + path, headers: ["Content-Type": "application/json"],
                                      body: body.map { Array($0.encoded()) } ?? []))
    }

    func loadScenario(_ scenario: String, emit: Bool = false, into systems: [String]? = nil) throws {
        for server in servers where systems?.contains(server.name) ?? true {
            _ = try admin(server.name, .post, "scenario", ["name": .string(scenario), "emit": .bool(emit)]).requireSuccess()
        }
    }
}

extension ClientResponse {
    var json: JSONValue { (try? JSONValue.decode(Data(body))) ?? .null }
}

/// An HTTP server standing in for the gateway: records what the mocks push to it.
final class Receiver {
    struct Received: Sendable {
        let path: String
        let headers: HTTPHeaders
        let body: [UInt8]

        var json: JSONValue { (try? JSONValue.decode(Data(body))) ?? .null }
    }

    private let server: HTTPServer
    private let received: Box
    let url: String

    final class Box: Sendable {
        let items = Locked<[Received]>([])
    }

    init() throws {
        let received = Box()
        var router = Router()
        for path in ["/oss/receiveNIB", "/oss/receiveFileDS", "/siinas/notifications"] {
            router.post(path) { request in
                received.items.withLock { $0.append(Received(path: request.path, headers: request.headers, body: request.body)) }
                let wrapper = path.hasSuffix("receiveNIB") ? "responreceiveNIB" : path.hasSuffix("receiveFileDS") ? "responreceiveFileDS" : "diterima"
                return .json([wrapper: ["status": "1", "keterangan": "Berhasil menyimpan data"]] as JSONValue)
            }
        }
        server = HTTPServer(configuration: ServerConfiguration(), router: router)
        let port = try server.start()
        url = "http://127.0.0.1:\(port)"
        self.received = received
    }

    deinit {
        server.shutdown(grace: .milliseconds(100))
    }

    var all: [Received] { received.items.withLock { $0 } }

    func at(_ path: String) -> [Received] { all.filter { $0.path == path } }
}
