import Foundation
import GatewayHTTP
import GatewayStore
import NationalSystems

/// Stands before every route: counts each 401 the gateway answers as a failed
/// authentication of the client's address, and once an address fails
/// `security.failedAuthentication.limitPerMinute` times within a minute,
/// answers it 429 with Retry-After, in the format its sender expects, for
/// `blockSeconds`. Other clients are served as before. The block and every
/// refused attempt are in the sync log.
struct AuthenticationGate: RequestGate {
    let runtime: GatewayRuntime
    let throttle: FailedAuthenticationThrottle

    func admit(_ request: HTTPRequest) -> HTTPResponse? {
        let origin = RequestOrigin(request, trustedProxies: runtime.configuration.settings.security.trustedProxies)
        guard let left = throttle.refusal(for: origin.client, at: .now) else { return nil }
        let seconds = max(1, Int(left.components.seconds) + (left.components.attoseconds > 0 ? 1 : 0))
        log(outcome: "throttled", status: 429, client: origin.client,
            "\(request.method) \(request.path) from \(origin.client) refused for \(seconds) s more after too many failed authentications")
        return Self.refusal(request, retryAfter: seconds)
    }

    func answered(_ request: HTTPRequest, with response: HTTPResponse) {
        guard response.status == .unauthorized else { return }
        let security = runtime.configuration.settings.security
        let origin = RequestOrigin(request, trustedProxies: security.trustedProxies)
        let policy = FailedAuthenticationThrottle.Policy(limitPerMinute: security.failedAuthentication.limitPerMinute,
                                                         block: .seconds(security.failedAuthentication.blockSeconds))
        guard throttle.fail(origin.client, at: .now, policy: policy) else { return }
        log(outcome: "blocked", status: 401, client: origin.client, "\(policy.limitPerMinute) failed authentications from \(origin.client) "
            + "within a minute, the last on \(request.method) \(request.path): refused for \(security.failedAuthentication.blockSeconds) s")
    }

    private func log(outcome: String, status: Int, client: String, _ detail: String) {
        runtime.submit({ unit in
            try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "authentication", direction: .incoming, messageID: client,
                                      httpStatus: status, outcome: outcome, error: detail))
        }, completion: { result in
            if case .failure(let error) = result { runtime.options.operatorLog(OperatorMessage(
                .error, "an authentication attempt was not logged", ["outcome": "\(outcome)", "client": "\(client)", "error": "\(error)"])) }
        })
    }

    /// 429 with Retry-After (RFC 6585 §4), in the sender's format: OSS's reply wrapper for OSS's
    /// methods, a page for a browser, the gateway's JSON error for everything else.
    static func refusal(_ request: HTTPRequest, retryAfter seconds: Int) -> HTTPResponse {
        let message = "too many failed authentications from this address: try again in \(seconds) s"
        var response: HTTPResponse
        if let method = OSSWire.pushedMethod(path: request.path) {
            response = GatewayRoutes.json(OSSInbound.reply(method, success: false, keterangan: message), status: .tooManyRequests)
        } else if GatewayRoutes.isPage(request.path) {
            response = GatewayRoutes.html(GatewayRoutes.notice("Terlalu banyak percobaan gagal",
                                                               "Terlalu banyak percobaan masuk yang gagal dari alamat ini. Coba lagi dalam \(seconds) detik."),
                                          status: .tooManyRequests)
        } else {
            response = HTTPError(.tooManyRequests, message).response
        }
        response.headers.set("Retry-After", String(seconds))
        return response
    }
}
