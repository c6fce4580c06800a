import Foundation
import GatewayHTTP
import Testing
@testable import GatewayDaemon

/// How the dispatcher reads an answer: delivered, worth retrying, or a dead letter at once.
@Suite struct DispatcherTests {
    @Test(arguments: [
        (201, "{}", "sipro.status", Dispatcher.Verdict.delivered),
        (503, "", "siinas.uploadBAP", .retry("HTTP 503: ")),
        (429, "", "sipro.status", .retry("HTTP 429: ")),
        (409, "conflict", "sipro.readyForPickup", .permanent("HTTP 409: conflict")),
        (401, "", "dpmptsp.letter", .permanent("HTTP 401: ")),
    ])
    func theStatusDecides(status: Int, body: String, kind: String, verdict: Dispatcher.Verdict) {
        #expect(Dispatcher.verdict(status: status, body: Array(body.utf8), kind: kind) == verdict)
    }

    @Test func anOSSReplyWithAnErrorKodeInA200IsNotADelivery() {
        let body = #"{"responreceiveLicenseStatus": {"kode": 400, "keterangan": "Data izin tidak ditemukan"}}"#
        #expect(Dispatcher.verdict(status: 200, body: Array(body.utf8), kind: "oss.receiveLicenseStatus")
                == .permanent("HTTP 400: Data izin tidak ditemukan"))
    }

    @Test func aConnectionFailureIsRetriedAndABrokenTLSSetupIsNot() {
        #expect(Dispatcher.verdict(HTTPClientError.couldNotConnect(url: "u", detail: "refused")) == .retry("could not connect to u: refused"))
        guard case .permanent = Dispatcher.verdict(HTTPClientError.tlsFailed(url: "u", detail: "self-signed")) else {
            Issue.record("a TLS failure should be a dead letter at once")
            return
        }
    }
}
