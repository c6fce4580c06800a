import Foundation

/// A `multipart/form-data` body (RFC 7578) as a browser posts a form with a file: its parts in order, each with
/// its field name, the file's name and type when it is a file, and its bytes. Only what a form sends is read:
/// no nested multiparts (RFC 7578 §4.3 deprecates them), no transfer encodings (§4.7: browsers send none).
public struct MultipartForm: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        public let name: String
        /// The file's name as the browser gave it (its last path component), or nil for a plain field.
        public let filename: String?
        public let contentType: String?
        public let data: [UInt8]

        /// A plain field's value as text.
        public var text: String { String(decoding: data, as: UTF8.self) }
    }

    public let parts: [Part]

    /// The first part named `name`.
    public subscript(name: String) -> Part? { parts.first { $0.name == name } }

    /// A malformed body, said so that the sender can tell what to fix (answered 400).
    public struct Malformed: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Reads `body` sent with the `Content-Type` value `contentType` ("multipart/form-data; boundary=…").
    public init(body: [UInt8], contentType: String) throws(Malformed) {
        guard contentType.lowercased().hasPrefix("multipart/form-data"), let boundary = Self.boundary(in: contentType) else {
            throw Malformed(description: "the body is not multipart/form-data with a boundary (RFC 7578 §4.1)")
        }
        // RFC 2046 §5.1.1: each part starts after CRLF "--" boundary; the first may start the body itself.
        let delimiter = Array("--\(boundary)".utf8)
        var position = 0
        guard let first = Self.find(delimiter, in: body, from: 0) else { throw Malformed(description: "the boundary never occurs in the body") }
        position = first + delimiter.count
        var parts: [Part] = []
        let nextDelimiter = Array("\r\n--\(boundary)".utf8)
        while true {
            // "--" after a delimiter closes the body; CRLF opens a part.
            if body[position...].starts(with: Array("--".utf8)) { break }
            guard body[position...].starts(with: [13, 10]) else { throw Malformed(description: "a boundary is not followed by a line end") }
            position += 2
            guard let headersEnd = Self.find([13, 10, 13, 10], in: body, from: position) else {
                throw Malformed(description: "a part's header lines never end (a blank line must follow them)")
            }
            let headers = String(decoding: body[position..<headersEnd], as: UTF8.self)
            guard let end = Self.find(nextDelimiter, in: body, from: headersEnd + 4) else {
                throw Malformed(description: "a part never ends: the closing boundary is missing")
            }
            parts.append(try Self.part(headers: headers, data: Array(body[(headersEnd + 4)..<end])))
            position = end + nextDelimiter.count
            guard position < body.count else { throw Malformed(description: "the body ends right after a boundary") }
        }
        self.parts = parts
    }

    /// The `boundary` parameter of a Content-Type value, unquoted.
    static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            // RFC 2046 §5.1.1: 1 to 70 characters.
            return (1...70).contains(value.count) ? value : nil
        }
        return nil
    }

    private static func part(headers: String, data: [UInt8]) throws(Malformed) -> Part {
        var name: String?
        var filename: String?
        var contentType: String?
        for line in headers.components(separatedBy: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            switch pair[0].lowercased() {
            case "content-disposition":
                // RFC 7578 §4.2: form-data; name="field"; filename="file.pdf"
                for parameter in parameters(pair[1]).dropFirst() {
                    let field = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard field.count == 2 else { continue }
                    let value = unquoted(field[1])
                    switch field[0].lowercased() {
                    case "name": name = value
                    // A browser sends the name alone; an older one the whole path: only its last component names the file.
                    case "filename": filename = value.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
                    default: break
                    }
                }
            case "content-type":
                contentType = pair[1]
            default:
                break
            }
        }
        guard let name else { throw Malformed(description: "a part has no Content-Disposition name (RFC 7578 §4.2)") }
        return Part(name: name, filename: filename, contentType: contentType, data: data)
    }

    /// A header value split at its ';', but not at one inside quotes (filename="a;b.pdf").
    private static func parameters(_ value: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        for character in value {
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted { parts.append(current); current = "" } else { current.append(character) }
        }
        return parts + [current]
    }

    /// A quoted-string's content. Browsers escape nothing with a backslash in it (they write '"' as %22, HTML's form
    /// submission algorithm), and an old browser's path keeps its backslashes: they are left as sent.
    private static func unquoted(_ text: String) -> String {
        guard text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 else { return text }
        return String(text.dropFirst().dropLast())
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
