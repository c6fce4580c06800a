import Foundation
import GatewayCore
import GatewayDemo
import GatewayHTTP
import GatewayStore
import GatewayTestSupport
import NationalSystems
import Testing

/// A client address that keeps failing to authenticate is refused for a while; others are not.
/// Clients are told apart through a trusted proxy's X-Forwarded-For, since every test request
/// comes from 127.0.0.1 (and so would a national system's push).
@Suite struct AuthenticationGateTests {
    static let throttled = RigFixture.behindAProxy.merging([
        "GERBANG_SECURITY_FAILED_AUTHENTICATION_LIMIT_PER_MINUTE": "3", "GERBANG_SECURITY_FAILED_AUTHENTICATION_BLOCK_SECONDS": "120",
    ]) { $1 }
    let admin = RigFixture.adminToken

    func send(_ fixture: RigFixture, _ path: String, from client: String?, method: HTTPMethod = .get, token: String? = nil,
              headers: HTTPHeaders = [:], body: String = "") throws -> ClientResponse {
        var fields = headers
        if let client { fields.set("X-Forwarded-For", client) }
        if let token { fields.set("Authorization", "Bearer " + token) }
        return try fixture.rig.client.send(ClientRequest(method: method, url: fixture.rig.gateway.url + path, headers: fields, body: Array(body.utf8)))
    }

    @Test func afterTheLimitTheAddressGets429WithRetryAfterOnEveryRouteAndOthersAreServed() throws {
        let fixture = try RigFixture(overrides: Self.throttled, services: false)
        let attacker = "198.51.100.7"
        for _ in 0..<3 { #expect(try send(fixture, "/api/cases", from: attacker, token: "tebakan").status == .unauthorized) }

        let refused = try send(fixture, "/api/cases", from: attacker, token: admin)  // even a good token now
        #expect(refused.status == .tooManyRequests)
        let retryAfter = try #require(refused.headers["Retry-After"].flatMap(Int.init))
        #expect((1...120).contains(retryAfter))
        // In the format each sender expects: OSS's reply wrapper, a page for a browser.
        let push = try send(fixture, "/oss/receiveNIB", from: attacker, method: .post, headers: ["Content-Type": "application/json"],
                            body: #"{"dataNIB": {"nib": "8120000990001"}}"#)
        let reply = try JSONValue.decode(Data(push.body))
        #expect(push.status == .tooManyRequests && reply.field("responreceiveNIB")?.field("status") == "2")
        let page = try send(fixture, "/", from: attacker)
        #expect(page.status == .tooManyRequests && page.headers["Content-Type"]?.hasPrefix("text/html") == true)

        #expect(try send(fixture, "/api/cases", from: "198.51.100.8", token: admin).status == .ok)
        #expect(try send(fixture, "/api/cases", from: nil, token: admin).status == .ok)  // the proxy's own address

        #expect(Eventually.holds {
            let logged = (try? fixture.read { try $0.syncLog.list(.init(system: "gateway", failedOnly: true)) }) ?? []
            return logged.filter { $0.method == "authentication" && $0.messageID == attacker }.map(\.outcome) == ["blocked", "throttled", "throttled", "throttled"]
        })
    }

    @Test func failedOSSTokensAndLoginsCountAndSuccessesDoNot() throws {
        let fixture = try RigFixture(overrides: Self.throttled, services: false)
        let client = "203.0.113.50"
        for _ in 0..<5 { #expect(try send(fixture, "/api/cases", from: client, token: admin).status == .ok) }
        let push = try send(fixture, "/oss/receiveNIB", from: client, method: .post, headers: ["Content-Type": "application/json", "Token": "0"],
                            body: #"{"dataNIB": {"nib": "8120000990001"}}"#)
        #expect(push.status == .unauthorized)
        let opened = try fixture.rig.loginForm(headers: ["X-Forwarded-For": client])
        let login = try send(fixture, "/masuk", from: client, method: .post,
                             headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": opened.cookie],
                             body: "token=tebakan&csrf=\(opened.csrf)")
        #expect(login.status == .unauthorized)
        #expect(try send(fixture, "/healthz", from: client).status == .ok)
        #expect(try send(fixture, "/metrics", from: client, token: "tebakan").status == .unauthorized)
        #expect(try send(fixture, "/api/ping", from: client).status == .tooManyRequests)
        // Up or down is told to everyone: a monitor behind the same address as an attacker still sees it.
        #expect(try send(fixture, "/healthz", from: client).status == .ok)
        #expect(try send(fixture, "/readyz", from: client).status != .tooManyRequests)
    }

    @Test func malformedPushesUnknownPathsAndGuessedLinksCountLikeFailedAuthentications() throws {
        let fixture = try RigFixture(overrides: Self.throttled, services: false)
        let prober = "198.51.100.20"
        // Every browser asks for an icon: answered 204, never a 404 counted against an officer's address.
        for _ in 0..<5 { #expect(try send(fixture, "/favicon.ico", from: prober).status == .noContent) }
        #expect(try send(fixture, "/api/ping", from: prober).status == .ok)
        let junk = try send(fixture, "/oss/receiveNIB", from: prober, method: .post, headers: ["Content-Type": "application/json"],
                            body: "bukan json")
        #expect(junk.status == .badRequest)
        #expect(try send(fixture, "/wp-login.php", from: prober).status == .notFound)
        #expect(try send(fixture, "/berkas/" + String(repeating: "A", count: 32), from: prober).status == .notFound)
        #expect(try send(fixture, "/api/ping", from: prober).status == .tooManyRequests)
        #expect(try send(fixture, "/api/ping", from: "198.51.100.21").status == .ok)  // its neighbour is served
    }

    @Test func aNationalSystemThatProvedItselfIsNotLockedOutByItsOwnMalformedMessages() throws {
        let fixture = try RigFixture(overrides: Self.throttled.merging(["GERBANG_OSS_USERNAME": "u-0d7e", "GERBANG_OSS_PASSWORD": "p-5a3c"]) { $1 },
                                     services: false)
        let oss = "203.0.113.77"
        let token = OSSToken.token(OSSCredentials(username: "u-0d7e", password: "p-5a3c"), nib: "8120000110009", at: Date())
        for attempt in 0..<5 {  // OSS retrying a body it got wrong: its Token holds, so these are its message's faults
            let broken = try send(fixture, "/oss/receiveNIB", from: oss, method: .post, headers: ["Content-Type": "application/json", "Token": token],
                                  body: #"{"dataNIB": {"nib": "8120000110009", "data_checklist": [\#(attempt)"#)
            #expect(broken.status == .badRequest)
        }
        let good = try send(fixture, "/oss/receiveNIB", from: oss, method: .post, headers: ["Content-Type": "application/json", "Token": token],
                            body: #"{"dataNIB": {"nib": "8120000110009", "data_checklist": []}}"#)
        #expect(good.status == .ok)
    }

    @Test func anIPv6ClientIsCountedByItsSlash64AndAMappedIPv4AddressAsItsIPv4One() throws {
        let fixture = try RigFixture(overrides: Self.throttled, services: false)
        for host in ["2001:db8:7:1::1", "2001:db8:7:1::2", "2001:db8:7:1:ffff::3"] {
            #expect(try send(fixture, "/api/cases", from: host, token: "tebakan").status == .unauthorized)
        }
        #expect(try send(fixture, "/api/cases", from: "2001:db8:7:1::99", token: admin).status == .tooManyRequests)
        #expect(try send(fixture, "/api/cases", from: "2001:db8:7:2::1", token: admin).status == .ok)  // the next /64

        for _ in 0..<3 { #expect(try send(fixture, "/api/cases", from: "::ffff:203.0.113.9", token: "tebakan").status == .unauthorized) }
        #expect(try send(fixture, "/api/cases", from: "203.0.113.9", token: admin).status == .tooManyRequests)
    }

    @Test func anExemptNetworkIsNeverRefusedByTheFailuresOfItsNeighbours() throws {
        let overrides = Self.throttled.merging(["GERBANG_SECURITY_FAILED_AUTHENTICATION_EXEMPT_NETWORKS": #"["203.0.113.0/28"]"#]) { $1 }
        let fixture = try RigFixture(overrides: overrides, services: false)
        for _ in 0..<5 { #expect(try send(fixture, "/api/cases", from: "203.0.113.4", token: "tebakan").status == .unauthorized) }
        #expect(try send(fixture, "/api/cases", from: "203.0.113.4", token: admin).status == .ok)
        for _ in 0..<3 { #expect(try send(fixture, "/api/cases", from: "203.0.113.16", token: "tebakan").status == .unauthorized) }
        #expect(try send(fixture, "/api/cases", from: "203.0.113.16", token: admin).status == .tooManyRequests)  // outside the /28
    }

    @Test func aClientCannotDodgeTheThrottleByWritingXForwardedForItself() throws {
        // No trusted proxy: the peer is the client, whatever the header says.
        let fixture = try RigFixture(overrides: ["GERBANG_SECURITY_FAILED_AUTHENTICATION_LIMIT_PER_MINUTE": "3"], services: false)
        for number in 1...3 {
            #expect(try send(fixture, "/api/cases", from: "10.0.0.\(number)", token: "tebakan").status == .unauthorized)
        }
        #expect(try send(fixture, "/api/cases", from: "10.0.0.99", token: "dev-admin").status == .tooManyRequests)
    }
}
