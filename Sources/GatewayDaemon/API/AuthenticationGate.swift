import Foundation
import GatewayHTTP
import GatewayStore
import NationalSystems

/// Stands before every route: counts each failure the gateway answers (a
/// refused authentication, and the 4xx that probing and floods are made of) of
/// the client's address, and once an address fails
/// `security.failedAuthentication.limitPerMinute` times within a minute,
/// answers it 429 with Retry-After, in the format its sender expects, for
/// `blockSeconds`. Other clients are served as before. The block and every
/// refused attempt are in the sync log.
///
/// An address is counted as ``NetworkAddress/clientKey(_:)`` says: an IPv6
/// client by its /64, an IPv4-mapped spelling as its IPv4 address. The
/// networks in `exemptNetworks` (OSS's own, for example) are never counted nor
/// refused, and `/healthz`, `/readyz` and `/favicon.ico` are served to everyone:
/// they tell up or down only, and a monitor behind the same NAT as an attacker
/// must see them. A 4xx other than 401 to a client that proved who it is
/// (``HTTPResponse/clientAuthenticated``) is not counted.
struct AuthenticationGate: RequestGate {
    let runtime: GatewayRuntime
    let throttle: FailedAuthenticationThrottle

    /// Answers counted as the client's failure. Not 403 (authenticated, not allowed), 409 or 422: those requests were understood.
    static let failures: Set<Int> = [400, 401, 404, 405, 413, 415]
    /// Served whatever the client did before.
    static let alwaysServed: Set<String> = ["/healthz", "/readyz", "/favicon.ico"]

    /// The throttle's key for the request's client, or nil when the throttle does not apply to it.
    private func client(of request: HTTPRequest) -> String? {
        guard !Self.alwaysServed.contains(request.path) else { return nil }
        let security = runtime.configuration.settings.security
        let origin = RequestOrigin(request, trustedProxies: security.trustedProxies)
        guard !security.failedAuthentication.exemptNetworks.contains(where: { NetworkAddress.Network($0)?.contains(origin.client) == true })
        else { return nil }
        return NetworkAddress.clientKey(origin.client)
    }

    func admit(_ request: HTTPRequest) -> HTTPResponse? {
        guard let client = client(of: request), let left = throttle.refusal(for: client, at: .now) else { return nil }
        let seconds = max(1, Int(left.components.seconds) + (left.components.attoseconds > 0 ? 1 : 0))
        log(outcome: "throttled", status: 429, client: client,
            "\(request.method) \(request.path) from \(client) refused for \(seconds) s more after too many failed requests")
        return Self.refusal(request, retryAfter: seconds)
    }

    func answered(_ request: HTTPRequest, with response: HTTPResponse) {
        // A 401 always counts; another 4xx only when the client proved nothing (a national system retrying a message
        // it got wrong is not probing, and must not lock itself out).
        guard Self.failures.contains(response.status.code), response.status == .unauthorized || !response.clientAuthenticated,
              let client = client(of: request) else { return }
        let security = runtime.configuration.settings.security
        let policy = FailedAuthenticationThrottle.Policy(limitPerMinute: security.failedAuthentication.limitPerMinute,
                                                         block: .seconds(security.failedAuthentication.blockSeconds))
        guard throttle.fail(client, at: .now, policy: policy) else { return }
        log(outcome: "blocked", status: response.status.code, client: client, "\(policy.limitPerMinute) failed requests from \(client) "
            + "within a minute, the last \(response.status.code) on \(request.method) \(request.path): refused for "
            + "\(security.failedAuthentication.blockSeconds) s")
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
        let message = "too many failed requests from this address: try again in \(seconds) s"
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
