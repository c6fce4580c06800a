/// The file name an officer gives a document: what it may be, and how it
/// travels in a `Content-Disposition` header. A name is shown on pages and
/// sent in headers, so it never holds a control character (CR and LF would
/// start a header of their own), a path separator or more than
/// ``maxBytes`` bytes.
public enum DocumentName {
    /// The longest name taken, in UTF-8 bytes: room for any real file name, never a 100 KB one.
    public static let maxBytes = 200

    /// What is wrong with `name`, or nil when it may be kept.
    public static func problem(_ name: String) -> String? {
        if name.trimmingSpaces.isEmpty { return "a document needs a file name" }
        if name.utf8.count > maxBytes { return "the file name is \(name.utf8.count) bytes long; give at most \(maxBytes)" }
        if name.unicodeScalars.contains(where: { [.control, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory) }) {
            return "the file name holds a control character (a line break, a tab, NUL): give a plain name"
        }
        // Bidirectional overrides and invisible characters make a name read as another ("rpt\u{202E}fdp.exe").
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .format }) {
            return "the file name holds an invisible formatting character (a direction override, a zero-width space): give a plain name"
        }
        if name.contains("/") || name.contains("\\") { return "the file name holds '/' or '\\': give a name without a folder" }
        if name == "." || name == ".." { return "'\(name)' is no file name" }
        return nil
    }

    /// The name as an error message may show it: control characters written as escapes, cut to 80 characters.
    public static func shown(_ name: String) -> String {
        let escaped = name.unicodeScalars.map { scalar in
            [.control, .format, .lineSeparator, .paragraphSeparator].contains(scalar.properties.generalCategory)
                ? scalar.escaped(asASCII: true) : String(scalar)
        }.joined()
        return escaped.count > 80 ? String(escaped.prefix(80)) + "…" : escaped
    }

    /// `Content-Disposition` for a document (RFC 6266 §4.1): `filename` with a plain-ASCII stand-in for old
    /// clients, and `filename*` with the name itself in UTF-8, percent-encoded (RFC 8187 §3.2). Nothing of the
    /// name is written raw, so even a name kept before names were checked cannot break the header.
    public static func contentDisposition(_ name: String, _ disposition: String = "inline") -> String {
        let fallback = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F && !"\"\\%;".unicodeScalars.contains(scalar) ? Character(scalar) : "_"
        }.prefix(maxBytes))
        // attr-char of RFC 8187 §3.2.1: ALPHA / DIGIT / "!#$&+-.^_`|~"; every other byte as %XX.
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        for byte in name.utf8 {
            if allowed.contains(byte) {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return "\(disposition); filename=\"\(fallback)\"; filename*=UTF-8''" + String(decoding: encoded, as: UTF8.self)
    }
}
