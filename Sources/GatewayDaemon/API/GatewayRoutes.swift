import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems

/// The gateway's HTTP surface: what OSS and SIINas push to it, the officers'
/// API and the administrators' (docs/openapi/gateway.yaml).
///
/// Inbound pushes are answered only after the job that keeps them is
/// committed (DESIGN.md rule 1), through deferred handlers: no thread waits
/// while the group commit runs.
struct GatewayRoutes {
    let runtime: GatewayRuntime

    /// Header fields whose values never reach the inbox or a log.
    static let secretHeaders: Set<String> = SystemCredentials.secretHeaderNames.union(["cookie"])

    var router: Router {
        var router = Router()
        addOSS(to: &router)
        addSIINas(to: &router)
        addOfficerAPI(to: &router)
        addAdminAPI(to: &router)
        addHealth(to: &router)
        addStatus(to: &router)
        addDesk(to: &router)
        addDocumentLinks(to: &router)
        router.get("/api/ping", execution: .eventLoop) { _ in Self.json(["ok": true]) }
        if runtime.options.benchmarkRoutes {
            router.post("/api/noop", execution: .eventLoop) { _ in Self.json(OSSInbound.reply(.receiveNIB, success: true, keterangan: "Sukses")) }
        }
        return router.gated(by: AuthenticationGate(runtime: runtime, throttle: FailedAuthenticationThrottle()))
    }

    /// A JSON response written by the gateway's own serializer (JSONEncoder costs more than the rest of a push's reply).
    static func json(_ value: JSONValue, status: HTTPStatus = .ok, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var response = HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: JSONParser.serialize(value))
        for field in headers { response.headers.set(field.name, field.value) }
        return response
    }

    /// A pushed request as the inbox keeps it; answered 200 once its job commits.
    static func raw(_ request: HTTPRequest) -> CaseProcessor.Raw {
        CaseProcessor.Raw(body: request.body, headers: request.headers.map { field in
            [field.name, secretHeaders.contains(field.name.lowercased()) ? "***" : field.value]
        }, answer: 200)
    }

    /// Logs a push whose sender proved nothing (``PushAuthentication/Verdict/refused(status:reason:)``): its size, hash and
    /// address only, nothing of the body; then answers.
    static func refuse(_ request: HTTPRequest, system: String, method: String, status: Int, reason: String, runtime: GatewayRuntime,
                       then answer: @escaping @Sendable () -> Void) {
        let client = RequestOrigin(request, trustedProxies: runtime.configuration.settings.security.trustedProxies).client
        // Hashed here (on the event loop for a small body, the large-body pool for a large one), never on the writer's thread.
        let size = request.body.count, sha256 = Digest.sha256Hex(request.body)
        runtime.submit({ unit in
            try runtime.processor.refuse(system: system, method: method, size: size, sha256: sha256, from: client, reason: reason, status: status,
                                         in: unit)
        }, completion: { _ in answer() })
    }

    // MARK: OSS → agency (PIA: receiveNIB, receiveFileDS)

    private func addOSS(to router: inout Router) {
        for method in [OSSMethod.receiveNIB, .receiveFileDS] {
            // The answers to a push kept and to a repeat are the same every time: written once, not once a push by the writer.
            let accepted = Self.json(OSSInbound.reply(method, success: true, keterangan: "Sukses"))
            let repeated = Self.json(OSSInbound.reply(method, success: true, keterangan: "Sukses (sudah diterima sebelumnya)"))
            router.addDeferred(.post, OSSWire.pushPath(method)) { [runtime] request, responder in
                let raw = Self.raw(request)
                @Sendable func answer(_ status: HTTPStatus, success: Bool, _ keterangan: String, authenticated: Bool = true) {
                    var response = Self.json(OSSInbound.reply(method, success: success, keterangan: keterangan), status: status)
                    response.clientAuthenticated = authenticated
                    responder.respond(response)
                }
                /// A push that could be read no further, from OSS (its Token was good): kept, within a cap, for operators.
                func reject(_ status: HTTPStatus, _ reason: String) {
                    runtime.submit({ unit in
                        try runtime.processor.reject(system: "oss", method: method.rawValue, raw: raw, reason: reason, status: status.code, in: unit)
                    }, completion: { _ in answer(status, success: false, reason) })
                }
                // The daily Token first, over the NIBs the body names, found without parsing it; the neighbouring day's only
                // within security.ossTokenSkewMinutes of midnight (oss-rba.md §1.3). Whoever lacks it costs one scan of the
                // bytes: nothing is parsed or kept for them.
                let configuration = runtime.configuration
                let message: InboundMessage
                switch PushAuthentication.oss(request.body, method: method, token: request.headers["Token"],
                                              credentials: configuration.secrets.ossCredentials, at: runtime.clock.now(),
                                              skew: .seconds(configuration.settings.security.ossTokenSkewMinutes * 60)) {
                case .refused(let status, let reason):
                    return Self.refuse(request, system: "oss", method: method.rawValue, status: status, reason: reason, runtime: runtime) {
                        answer(HTTPStatus(status), success: false, reason, authenticated: false)
                    }
                case .unreadable(let status, let reason): return reject(HTTPStatus(status), reason)
                case .accepted(let read): message = read
                }
                @Sendable func keep(_ message: InboundMessage) {
                    runtime.submit({ unit in try runtime.processor.receive(message, raw: raw, in: unit) }) { result in
                        switch result {
                        case .success(.accepted): responder.respond(accepted)
                        case .success(.duplicate): responder.respond(repeated)
                        case .success(.refused(let status, let reason)): answer(HTTPStatus(status), success: false, reason)
                        case .failure(let error as StorageFault):
                            // Nothing kept: OSS sends again (PIA: a failed reply is a failed delivery).
                            responder.respond(Self.json(OSSInbound.reply(method, success: false, keterangan: "Sistem sedang tidak dapat menyimpan: "
                                                                           + "silakan kirim ulang (\(error.kind.rawValue))"),
                                                        status: error.status, headers: error.headers))
                        case .failure(let error):
                            runtime.options.operatorLog(OperatorMessage(.error, "a pushed message was not kept: the sender is answered 500 and sends again", [
                                "system": "oss", "method": method.rawValue, "message": message.messageID, "error": "\(error)"]))
                            answer(.internalServerError, success: false, "Gagal menyimpan, silakan kirim ulang")
                        }
                    }
                }
                // Answered after this commit alone: a NIB new to the gateway is checked with OSS afterwards (NIBChecker).
                keep(message)
            }
        }
    }

    // MARK: SIINas → agency (docs/siinas-api.md)

    private func addSIINas(to router: inout Router) {
        router.addDeferred(.post, SIINasWire.pushPath) { [runtime] request, responder in
            let raw = Self.raw(request)
            /// Signed by SIINas but unreadable: kept, within a cap, for operators.
            func reject(_ status: HTTPStatus, _ reason: String) {
                runtime.submit({ unit in
                    try runtime.processor.reject(system: "siinas", method: "notifications", raw: raw, reason: reason, status: status.code,
                                                 in: unit)
                }, completion: { _ in
                    var response = HTTPError(status, reason).response
                    response.clientAuthenticated = true  // signed: its fault is the message's, not a probe
                    responder.respond(response)
                })
            }
            // The signature before the body is read, then its freshness (docs/siinas-api.md): an unsigned body is neither
            // parsed nor kept.
            let configuration = runtime.configuration
            let message: InboundMessage
            switch PushAuthentication.siinas(request.body, signature: request.headers[SIINasSignature.header],
                                             secret: configuration.secrets.siinasSigningSecret, at: runtime.clock.now(),
                                             window: .seconds(configuration.settings.security.siinasFreshnessMinutes * 60)) {
            case .refused(let status, let reason):
                return Self.refuse(request, system: "siinas", method: "notifications", status: status, reason: reason, runtime: runtime) {
                    responder.respond(HTTPError(HTTPStatus(status), reason).response)
                }
            case .unreadable(let status, let reason):
                return reject(HTTPStatus(status), reason)
            case .accepted(let read):
                message = read
            }
            runtime.submit({ unit in try runtime.processor.receive(message, raw: raw, in: unit) }) { result in
                switch result {
                case .success(.refused(let status, let reason)):
                    var response = HTTPError(HTTPStatus(status), reason).response
                    response.clientAuthenticated = true
                    responder.respond(response)
                case .success(let receipt):
                    responder.respond(Self.json(["diterima": true, "duplikat": .bool(receipt == .duplicate)]))
                case .failure(let error as StorageFault):
                    responder.respond(error.response)
                case .failure(let error):
                    runtime.options.operatorLog(OperatorMessage(.error, "a pushed message was not kept: the sender is answered 500 and sends again", [
                        "system": "siinas", "method": "notifications", "message": message.messageID, "error": "\(error)"]))
                    responder.respond(HTTPError(.internalServerError, "the notification could not be kept; send it again").response)
                }
            }
        }
    }
}

extension GatewayRoutes {
    func addHealth(to router: inout Router) {
        let access = PageAccess(runtime: runtime)
        router.get("/api/health") { [runtime] request in
            _ = try access.viewer(request, kind: .data)
            try request.acceptQuery([])
            let counts = try runtime.read { database in
                (try database.outbox.counts(), try database.inbox.count(state: .rejected), try database.parked.count())
            }
            return .json(HealthView(outboxPending: counts.0[.pending] ?? 0, outboxDelivered: counts.0[.delivered] ?? 0,
                                    deadLetters: counts.0[.dead] ?? 0, rejectedMessages: counts.1, parkedMessages: counts.2,
                                    syncLogLinesDropped: runtime.sink.droppedLines))
        }
    }
}

/// `GET /api/health`: what an operator checks first.
struct HealthView: Codable {
    let outboxPending: Int
    let outboxDelivered: Int
    let deadLetters: Int
    let rejectedMessages: Int
    let parkedMessages: Int
    let syncLogLinesDropped: Int
}
