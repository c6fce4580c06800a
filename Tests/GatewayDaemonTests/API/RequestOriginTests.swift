import GatewayHTTP
import Testing
@testable import GatewayDaemon

@Suite struct RequestOriginTests {
    func request(from peer: String, _ headers: HTTPHeaders = [:]) -> HTTPRequest {
        HTTPRequest(method: .get, target: "/", headers: headers, remoteAddress: peer)
    }

    @Test func withoutATrustedProxyThePeerIsTheClientWhateverTheHeadersSay() {
        let forged = request(from: "203.0.113.7:40000", ["X-Forwarded-For": "10.0.0.1", "X-Forwarded-Proto": "https"])
        #expect(RequestOrigin(forged, trustedProxies: []) == RequestOrigin(client: "203.0.113.7", overTLS: false))
        #expect(RequestOrigin(forged, trustedProxies: ["127.0.0.1"]) == RequestOrigin(client: "203.0.113.7", overTLS: false))
    }

    @Test func aTrustedProxyNamesTheClientAndWhetherItCameOverTLS() {
        let proxied = request(from: "127.0.0.1:40000", ["X-Forwarded-For": "198.51.100.4", "X-Forwarded-Proto": "https"])
        #expect(RequestOrigin(proxied, trustedProxies: ["127.0.0.1"]) == RequestOrigin(client: "198.51.100.4", overTLS: true))
    }

    @Test func anAddressTheClientWroteItselfIsPassedOver() {
        // The client sent "X-Forwarded-For: 10.0.0.1"; our proxy appended the address it really saw.
        let proxied = request(from: "[::1]:40000", ["X-Forwarded-For": "10.0.0.1, 198.51.100.4"])
        #expect(RequestOrigin(proxied, trustedProxies: ["::1"]).client == "198.51.100.4")
        let twoProxies = request(from: "127.0.0.1:1", ["X-Forwarded-For": "10.0.0.1, 198.51.100.4, 192.0.2.10"])
        #expect(RequestOrigin(twoProxies, trustedProxies: ["127.0.0.1", "192.0.2.10"]).client == "198.51.100.4")
    }

    @Test func aProxyThatSendsNoAddressOrGarbageLeavesThePeer() {
        #expect(RequestOrigin(request(from: "127.0.0.1:1"), trustedProxies: ["127.0.0.1"]).client == "127.0.0.1")
        #expect(RequestOrigin(request(from: "127.0.0.1:1", ["X-Forwarded-For": "not-an-address"]), trustedProxies: ["127.0.0.1"]).client == "127.0.0.1")
    }
}
