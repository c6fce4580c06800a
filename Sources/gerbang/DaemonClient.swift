import Foundation
import GatewayCore
import GatewayDaemon
import GatewayHTTP
import NationalSystems

/// The running gateway's API, for the commands that change state: they go
/// through the daemon so that its writer, sync log and dispatchers see the
/// change (the database is the daemon's to write).
struct DaemonClient {
    static let options: Set<String> = ["--gateway", "--token", "--config"]
    static let help = """
          --gateway URL  the running gateway (default: GERBANG_URL, else listen in gerbang.json)
          --token T      a bearer token (default: GERBANG_TOKEN; with development secrets, dev-admin)
          --config FILE  gerbang.json, or the folder holding it
        """

    let baseURL: String
    let token: String?
    let command: String
    private let client: HTTPClient

    /// The token, the same way for every command that changes state: --token, else GERBANG_TOKEN, else with
    /// development secrets dev-admin (an officer's step needs that officer's role: the gateway says which).
    init(_ arguments: Arguments, command: String) throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = try? GatewaySettings.load(file: ServeCommand.configFile(arguments), environment: environment)
        if let given = arguments.option("--gateway") ?? environment["GERBANG_URL"] {
            baseURL = given.hasSuffix("/") ? String(given.dropLast()) : given
        } else if let listen = settings?.listen {
            // A daemon listening on every interface is reached on loopback from here.
            baseURL = "http://\(Self.reachableHost(listen.host)):\(listen.port)"
        } else {
            throw FailureError(message: "gerbang \(command): no gateway address: pass --gateway URL or set GERBANG_URL")
        }
        let development = settings.map { $0.developmentSecretsRefusal == nil } ?? false
        token = arguments.option("--token") ?? environment["GERBANG_TOKEN"] ?? (development ? "dev-admin" : nil)
        self.command = command
        var configuration = ClientConfiguration()
        configuration.timeout = .seconds(30)
        configuration.connectTimeout = .seconds(3)
        client = HTTPClient(configuration: configuration)
    }

    /// The address this machine reaches a daemon listening on `host` at: loopback for every interface.
    static func reachableHost(_ host: String) -> String {
        switch host {
        case "0.0.0.0": "127.0.0.1"
        case "::", "[::]": "[::1]"
        default: host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        }
    }

    /// Calls the API; a refusal becomes a failure carrying the gateway's own message.
    func call(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) throws -> JSONValue {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let token { headers.add("Authorization", "Bearer " + token) }
        let response: ClientResponse
        do {
            response = try client.send(ClientRequest(method: method, url: baseURL + path, headers: headers,
                                                     body: body.map { Array($0.encoded()) } ?? []))
        } catch {
            throw FailureError(message: "gerbang \(command): cannot reach the gateway at \(baseURL) (\(error)): is 'gerbang serve' running? (--gateway URL or GERBANG_URL)")
        }
        let answer = (try? JSONValue.decode(Data(response.body))) ?? .null
        guard (200..<300).contains(response.status.code) else {
            let message = answer.field("error")?.field("message")?.text ?? String(decoding: response.body.prefix(300), as: UTF8.self)
            let hint = switch response.status.code {
            case 401: " (pass --token or set GERBANG_TOKEN)"
            case 403: " (pass a token of that role with --token or GERBANG_TOKEN)"
            default: ""
            }
            throw FailureError(message: "gerbang \(command): the gateway answered \(response.status.code): \(message)\(hint)")
        }
        return answer
    }
}
