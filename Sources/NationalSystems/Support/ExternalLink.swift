import Foundation

/// A URL that came from outside (OSS's `file_izin`, a `file_lampiran` it shows)
/// and may be offered to an officer as a link: `https:` with a host, or `http:`
/// to this machine (the bundled mocks). Anything else (`javascript:`, `data:`,
/// `file:`, a plain-http address elsewhere) is kept as text and never linked.
public enum ExternalLink {
    public static func isAllowed(_ text: String) -> Bool {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
              text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F })
        else { return false }
        switch scheme {
        case "https": return true
        case "http": return isLoopback(host)
        default: return false
        }
    }

    /// 127.0.0.0/8, ::1 or localhost: where the development mocks serve their files.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare.lowercased() == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { part in UInt8(part) != nil }
    }
}
