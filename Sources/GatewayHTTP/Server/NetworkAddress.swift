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
