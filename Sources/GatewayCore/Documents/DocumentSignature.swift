/// What a document is by its first bytes (its "magic number"), not by its name: a text file named
/// `x.pdf` is not a PDF. The three kinds officers attach (settings: documents.contentTypes).
public enum DocumentSignature {
    /// The media type the bytes begin like, or nil for none of the three.
    /// PDF: "%PDF-" (ISO 32000-1 §7.5.2, the file header); PNG: the 8-byte signature of
    /// RFC 2083 §3.1; JPEG: the SOI marker FF D8 and the next marker's FF (ITU-T T.81 B.1.1.3).
    public static func mediaType<Bytes: Collection<UInt8>>(of bytes: Bytes) -> String? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        return nil
    }
}
