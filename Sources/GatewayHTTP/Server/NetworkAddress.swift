import Glibc

/// Numeric addresses as the server and its configuration see them: whether
/// one is loopback, and the host part of a peer address.
public enum NetworkAddress {
    /// Whether `host` names this machine only: 127.0.0.0/8 (RFC 1122 §3.2.1.3),
    /// ::1 (RFC 4291 §2.5.3), an IPv4-mapped 127/8 address (::ffff:127.0.0.1), or
    /// "localhost". Anything else, the unspecified addresses 0.0.0.0 and :: above
    /// all (they listen on every interface), is a network address.
    public static func isLoopback(_ host: String) -> Bool {
        let text = unbracketed(host)
        if text.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        let loopback: [UInt8] = Array(repeating: 0, count: 15) + [1]
        let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]
        return bytes == loopback || (Array(bytes.prefix(12)) == mappedPrefix && bytes[12] == 127)
    }

    /// Whether `text` is a numeric IPv4 or IPv6 address (brackets allowed).
    public static func isNumeric(_ text: String) -> Bool {
        let host = unbracketed(text)
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    /// The address's bytes: 4 for IPv4, 16 for IPv6, nil for anything not numeric.
    static func bytes(_ text: String) -> [UInt8]? {
        let host = unbracketed(text)
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, host, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        // An IPv4-mapped address (::ffff:a.b.c.d, RFC 4291 §2.5.5.2) is that IPv4 client, however it is written.
        return bytes.prefix(12).elementsEqual(Array(repeating: 0, count: 10) + [0xFF, 0xFF]) ? Array(bytes.suffix(4)) : bytes
    }

    /// Who a client is for counting its failures and connections: an IPv4 address as itself (an IPv4-mapped IPv6
    /// spelling folded into it), an IPv6 address by its /64, which one subscriber gets whole (RFC 6177 §2) and can
    /// rotate through at will. A text that is not numeric is returned as it is.
    public static func clientKey(_ host: String) -> String {
        guard let bytes = bytes(host) else { return host }
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }

    /// A network as `address/prefix` (or one address), read once: "10.1.0.0/16", "2001:db8::/32", "203.0.113.5".
    public struct Network: Sendable, Equatable {
        let bytes: [UInt8]
        let prefix: Int

        /// Nil when `text` is no numeric address with an optional prefix length that fits it.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            guard let first = parts.first, let bytes = NetworkAddress.bytes(first) else { return nil }
            let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let prefix, (0...bytes.count * 8).contains(prefix) else { return nil }
            self.bytes = bytes
            self.prefix = prefix
        }

        /// Whether `host` (a numeric address) is in this network; an IPv4-mapped address counts as its IPv4 one.
        public func contains(_ host: String) -> Bool {
            guard let address = NetworkAddress.bytes(host), address.count == bytes.count else { return false }
            let whole = prefix / 8, rest = prefix % 8
            guard address.prefix(whole).elementsEqual(bytes.prefix(whole)) else { return false }
            guard rest > 0 else { return true }
            let mask = UInt8(0xFF) << (8 - rest)
            return address[whole] & mask == bytes[whole] & mask
        }
    }

    /// "[::1]" → "::1", as URLs and peer addresses write IPv6.
    private static func unbracketed(_ text: String) -> String {
        text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
    }

    /// The host of a peer address as the server reports it: "127.0.0.1:51234" → "127.0.0.1",
    /// "[::1]:51234" → "::1". A text without a port is returned as it is.
    public static func host(ofPeer address: String) -> String {
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<close])
        }
        // One colon: IPv4 with a port; more: a bare IPv6 address without one.
        let colons = address.filter { $0 == ":" }.count
        guard colons == 1, let colon = address.lastIndex(of: ":") else { return address }
        return String(address[..<colon])
    }
}
