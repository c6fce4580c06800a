import Testing
@testable import GatewayHTTP

/// The address check that decides whether development secrets and open pages are allowed:
/// proven on the addresses themselves, never by listening on a network address.
@Suite struct NetworkAddressTests {
    @Test(arguments: ["127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "[::1]", "::ffff:127.0.0.1", "localhost", "LOCALHOST"])
    func loopbackAddresses(_ host: String) {
        #expect(NetworkAddress.isLoopback(host))
    }

    @Test(arguments: ["0.0.0.0", "::", "[::]", "10.1.2.3", "192.168.1.10", "172.16.0.1", "128.0.0.1", "126.255.255.255",
                      "::2", "::ffff:10.0.0.1", "fe80::1", "gerbang.example.go.id", "", "127.0.0.1.example.com"])
    func networkAddressesAndNamesAreNotLoopback(_ host: String) {
        #expect(!NetworkAddress.isLoopback(host))
    }

    @Test func thePeerHostDropsThePort() {
        #expect(NetworkAddress.host(ofPeer: "127.0.0.1:51234") == "127.0.0.1")
        #expect(NetworkAddress.host(ofPeer: "[::1]:51234") == "::1")
        #expect(NetworkAddress.host(ofPeer: "10.0.0.7") == "10.0.0.7")
        #expect(NetworkAddress.host(ofPeer: "2001:db8::7") == "2001:db8::7")
    }

    @Test func numericAddressesAreTold() {
        #expect(NetworkAddress.isNumeric("203.0.113.9") && NetworkAddress.isNumeric("2001:db8::1") && NetworkAddress.isNumeric("[::1]"))
        #expect(!NetworkAddress.isNumeric("proxy.local") && !NetworkAddress.isNumeric("10.0.0.0/8"))
    }

    @Test func aClientIsKeyedByItsIPv4AddressOrItsIPv6Slash64() {
        #expect(NetworkAddress.clientKey("203.0.113.9") == "203.0.113.9")
        #expect(NetworkAddress.clientKey("::ffff:203.0.113.9") == "203.0.113.9")
        #expect(NetworkAddress.clientKey("::FFFF:cb00:7109") == "203.0.113.9")
        #expect(NetworkAddress.clientKey("2001:db8:7:1::1") == NetworkAddress.clientKey("2001:0db8:0007:0001:ffff:1:2:3"))
        #expect(NetworkAddress.clientKey("2001:db8:7:1::1") == "2001:db8:7:1::/64")
        #expect(NetworkAddress.clientKey("2001:db8:7:1::1") != NetworkAddress.clientKey("2001:db8:7:2::1"))
        #expect(NetworkAddress.clientKey("not an address") == "not an address")
    }

    @Test func aNetworkHoldsTheAddressesUnderItsPrefix() throws {
        let network = try #require(NetworkAddress.Network("203.0.113.0/28"))
        #expect(network.contains("203.0.113.0") && network.contains("203.0.113.15") && network.contains("::ffff:203.0.113.4"))
        #expect(!network.contains("203.0.113.16") && !network.contains("2001:db8::1"))
        let v6 = try #require(NetworkAddress.Network("2001:db8:8000::/33"))
        #expect(v6.contains("2001:db8:ffff::1") && !v6.contains("2001:db8:7fff::1"))
        #expect(NetworkAddress.Network("198.51.100.7")?.contains("198.51.100.7") == true)
        for bad in ["10.0.0.0/33", "2001:db8::/129", "proxy.local/8", "10.0.0.0/x", ""] { #expect(NetworkAddress.Network(bad) == nil, "\(bad)") }
    }
}

