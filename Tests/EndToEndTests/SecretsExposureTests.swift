import Foundation
import GatewayCore
import GatewayDemo
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import MockNationalSystems
import NationalSystems
import Testing

/// No secret reaches what the gateway keeps or shows: after a run with real
/// (random) secrets, every byte of the database, its WAL, the sync-log file,
/// the operator's log, the pages and every answer the gateway gave is searched
/// for each secret's value.
@Suite struct SecretsExposureTests {
    static func random() -> String { Digest.hex(Digest.randomBytes(16) ?? []) }

    @Test func noSecretReachesTheStoresTheLogsThePagesOrAnAnswer() throws {
        let folder = try TemporaryFolder()
        let system = ["OSS_USER_KEY", "OSS_USERNAME", "OSS_PASSWORD", "SIINAS_TOKEN", "SIINAS_SIGNING_SECRET", "SIPRO_KEY"]
            .reduce(into: [String: String]()) { $0["GERBANG_" + $1] = "s-" + Self.random() }
        let definition = try RepositoryFiles.definition("verifikasi-teknis-izin-usaha-industri")
        let roles = definition.roles.filter { $0.kind == .officer }.map(\.id) + ["admin", "viewer"]
        let tokens = Dictionary(uniqueKeysWithValues: roles.map { ($0, "t-" + Self.random()) })
        let roleTokens = JSONValue.object(Dictionary(uniqueKeysWithValues: tokens.map { role, token in
            (token, ["officer": .string("officer-\(role)"), "roles": [.string(role)]] as JSONValue)
        }))
        let syncLogFile = folder.path("sync-log.jsonl")
        var options = RigFixture.options(folder: folder, overrides: system.merging([
            "GERBANG_ROLE_TOKENS": String(decoding: roleTokens.encoded(), as: UTF8.self), "GERBANG_SYNC_LOG_FILE": syncLogFile,
        ]) { $1 })
        let operatorLog = Locked<[String]>([])
        options.operatorLog = { message in operatorLog.withLock { $0.append(message.description) } }
        let rig = try Rig(options)
        defer { rig.stop() }
        for mock in rig.mocks {
            mock.context.update { settings in
                settings.ossUserKey = system["GERBANG_OSS_USER_KEY"]!
                settings.ossUsername = system["GERBANG_OSS_USERNAME"]!
                settings.ossPassword = system["GERBANG_OSS_PASSWORD"]!
                settings.siinasToken = system["GERBANG_SIINAS_TOKEN"]!
                settings.siinasSigningSecret = system["GERBANG_SIINAS_SIGNING_SECRET"]!
                settings.siproKey = system["GERBANG_SIPRO_KEY"]!
            }
        }

        // Everything the gateway answers is kept to be searched.
        let answers = Locked<[String]>([])
        @Sendable func call(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: String = "") throws -> ClientResponse {
            let response = try rig.client.send(ClientRequest(method: method, url: rig.gateway.url + path, headers: headers, body: Array(body.utf8)))
            answers.withLock { $0.append(response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n") + "\n" + response.bodyText) }
            return response
        }
        @Sendable func bearer(_ role: String) -> HTTPHeaders { ["Authorization": "Bearer " + tokens[role]!, "Content-Type": "application/json"] }

        // A whole Verifikasi Teknis, officers deciding with their real tokens.
        for name in ["oss", "siinas"] { try rig.admin(name, .post, "scenario", ["name": "verifikasi-teknis-izin-usaha-industri", "emit": true]) }
        let desk = OfficerDesk(definitions: [definition], pace: .immediate) { method, path, token, body in
            let role = String((token ?? "").dropFirst("dev-".count))
            return try call(method, path, headers: bearer(role), body: String(decoding: body, as: UTF8.self))
        }
        desk.plan("I-20261217091500000000201", CasePlan(documents: [8]))  // step 8's numbered letter goes to OSS as a link
        var caseID: String?
        #expect(Eventually.holds {
            _ = try? desk.work()
            let cases = (try? JSONValue.decode(Data(call(.get, "/api/cases", headers: bearer("viewer")).body)).field("cases")?.array) ?? []
            caseID = cases.first?.field("id")?.text
            return cases.first?.field("status") == "ended"
        })
        let id = try #require(caseID)

        // Secrets where they do not belong, wrong ones where they do, a login, a new token, the pages.
        let opened = try rig.loginForm()
        let login = try call(.post, "/masuk", headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": opened.cookie],
                             body: "token=\(tokens["viewer"]!)&csrf=\(opened.csrf)")
        let cookie = String((login.headers["Set-Cookie"] ?? "").prefix { $0 != ";" })
        let session = String(cookie.dropFirst("gerbang_sesi=".count))
        _ = try call(.post, "/masuk", headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": opened.cookie],
                     body: "token=\(system["GERBANG_OSS_PASSWORD"]!)&csrf=\(opened.csrf)")
        _ = try call(.get, "/api/cases", headers: ["Authorization": "Bearer " + system["GERBANG_SIPRO_KEY"]!])
        _ = try call(.post, "/oss/receiveNIB", headers: [
            "Content-Type": "application/json", "Token": system["GERBANG_OSS_USER_KEY"]!, "user_key": system["GERBANG_OSS_USER_KEY"]!,
            "Authorization": "Bearer " + tokens["admin"]!, "Cookie": cookie, "X-SIPRO-Key": system["GERBANG_SIPRO_KEY"]!,
        ], body: #"{"dataNIB": {"nib": "8120000990077", "data_checklist": []}}"#)
        // The same with OSS's Token for a body it cannot read: kept as rejected, its secrets masked.
        let ossCredentials = OSSCredentials(username: system["GERBANG_OSS_USERNAME"]!, password: system["GERBANG_OSS_PASSWORD"]!)
        _ = try call(.post, "/oss/receiveNIB", headers: [
            "Content-Type": "application/json", "Token": OSSToken.token(ossCredentials, nib: "8120000990078", at: Date()),
            "user_key": system["GERBANG_OSS_USER_KEY"]!, "Cookie": cookie,
        ], body: #"{"dataNIB": {"nib": "8120000990078", "data_checklist": [}"#)
        _ = try call(.post, "/siinas/notifications", headers: ["Content-Type": "application/json", "X-SIINas-Signature": system["GERBANG_SIINAS_SIGNING_SECRET"]!],
                     body: #"{"id": "SIINAS-N-77", "type": "data_industri.dipenuhi", "id_izin": "I-1"}"#)
        let issued = try JSONValue.decode(Data(call(.post, "/api/tokens", headers: bearer("admin"), body: #"{"officer": "199001012015011001", "roles": ["viewer"]}"#)
            .requireSuccess().body))
        let newToken = try #require(issued.field("token")?.text)
        // The two answers that hand a secret out on purpose: the login's cookie, the new token.
        answers.withLock { $0.removeAll { $0.contains(newToken) || $0.contains("Set-Cookie: gerbang_sesi=gbs_") } }
        for path in ["/", "/kasus/\(id)", "/metrics", "/api/health", "/readyz", "/api/cases/\(id)", "/api/systems", "/api/tokens"] {
            _ = try call(.get, path, headers: ["Cookie": cookie, "Authorization": "Bearer " + tokens["admin"]!])
        }
        #expect(Eventually.holds { (try? String(contentsOfFile: syncLogFile, encoding: .utf8))?.contains("session.login") == true })

        // The day's OSS Tokens for every NIB the mock pushed: derived from the password, as good as a secret for that day.
        let credentials = OSSCredentials(username: system["GERBANG_OSS_USERNAME"]!, password: system["GERBANG_OSS_PASSWORD"]!)
        let nibs = Set(rig.mock("oss").context.journal.entries(direction: .sent).compactMap { entry in
            (try? JSONValue.decode(Data(entry.body.utf8)))?.object?.values.first?.field("nib")?.text
        })
        #expect(!nibs.isEmpty)
        let today = LocalDate.of(Date(), in: OSSToken.zone).date
        let pushedNIBs: Set<String> = nibs.union(["8120000990078"])
        let ossTokens = pushedNIBs.flatMap { nib in (-1...1).map { OSSToken.token(credentials, nib: nib, on: today.adding(days: $0)) } }

        var haystacks: [(String, Data)] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.url.path) {
            haystacks.append((file, try Data(contentsOf: URL(fileURLWithPath: folder.path(file)))))
        }
        haystacks.append(("the operator's log", Data(operatorLog.withLock { $0 }.joined(separator: "\n").utf8)))
        haystacks.append(("the gateway's answers", Data(answers.withLock { $0 }.joined(separator: "\n").utf8)))
        let secrets = system.map { ($0.key, $0.value) } + tokens.map { ("the \($0.key) token", $0.value) }
            + [("the new token", newToken), ("the session cookie", session)] + ossTokens.map { ("an OSS Token", $0) }
        #expect(secrets.count >= 6 + roles.count + 2 + 3)
        for (name, bytes) in haystacks {
            for (label, secret) in secrets { #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(name) holds \(label)") }
        }
        // The masked headers were kept as "***", so the raw message is still there for operators.
        let rejected = try rig.gateway.runtime.read { try $0.inbox.list(state: .rejected, limit: 10) }
        #expect(rejected.contains { $0.headers.contains(["user_key", "***"]) && $0.headers.contains(["Cookie", "***"]) })
    }
}
