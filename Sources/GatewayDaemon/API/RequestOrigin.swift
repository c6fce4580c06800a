import Foundation
import GatewayHTTP

/// Who sent a request, as far as the gateway may believe it: the peer's
/// address, or, when the peer is a reverse proxy listed in
/// `security.trustedProxies`, the client the proxy names in X-Forwarded-For;
/// and whether the client reached that proxy over TLS (X-Forwarded-Proto).
/// Anybody can write those headers, so a peer that is not a trusted proxy
/// has them ignored.
struct RequestOrigin: Equatable {
    /// The client's numeric address, without a port.
    let client: String
    /// The client's connection was TLS, terminated by a trusted proxy.
    let overTLS: Bool

    init(client: String, overTLS: Bool) {
        self.client = client
        self.overTLS = overTLS
    }

    init(_ request: HTTPRequest, trustedProxies: [String]) {
        let peer = NetworkAddress.host(ofPeer: request.remoteAddress)
        let trusted = Set(trustedProxies.map(Self.normalized))
        guard trusted.contains(Self.normalized(peer)) else {
            self.init(client: peer, overTLS: false)
            return
        }
        // A client may send its own X-Forwarded-For; each proxy appends the address it saw, so the
        // rightmost address that is not one of our proxies is the one a proxy of ours vouches for.
        let chain = request.headers.values("X-Forwarded-For")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let client = chain.last { !trusted.contains(Self.normalized($0)) } ?? chain.first ?? peer
        let proto = request.headers.values("X-Forwarded-Proto").flatMap { $0.split(separator: ",") }.last?
            .trimmingCharacters(in: .whitespaces).lowercased()
        self.init(client: NetworkAddress.isNumeric(client) ? Self.normalized(client) : peer, overTLS: proto == "https")
    }

    /// One spelling per address: without brackets or a port ("[::1]:80", some proxies write ports too), lower case.
    private static func normalized(_ address: String) -> String {
        NetworkAddress.host(ofPeer: address).lowercased()
    }
}
