extension String {
    /// Without leading and trailing spaces and tabs. Measured reason: Foundation's
    /// `trimmingCharacters(in:)` goes through NSString on Linux and was the
    /// largest single cost of reading a receiveNIB body, which calls this for
    /// every key and value; this returns the string itself when there is nothing to trim.
    package var trimmingSpaces: String {
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last else { return self }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        guard isSpace(first) || isSpace(last) else { return self }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }), let end = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }

    /// Whether the text is a "-" placeholder (oss-rba.md §5, failure mode 7), spaces aside.
    package var isDashPlaceholder: Bool {
        utf8.count <= 8 && trimmingSpaces == "-"
    }
}
