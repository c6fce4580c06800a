import CCrypto

/// Digests and MACs through OpenSSL's libcrypto; nothing cryptographic is written here.
public enum Digest {
    /// Lower-case hex SHA-1, as PHP's sha1() gives it (the OSS Token).
    public static func sha1Hex(_ text: String) -> String {
        var digest = [UInt8](repeating: 0, count: 20)
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { ccrypto_sha1($0.baseAddress, $0.count, &digest) }
        return hex(digest)
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        hex(sha256(bytes))
    }

    /// The 32 bytes of SHA-256.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { ccrypto_sha256($0.baseAddress, $0.count, &digest) }
        return digest
    }

    /// Lower-case hex HMAC-SHA256 of `message` under `key`, or nil when libcrypto fails:
    /// a caller that verifies with it must then refuse (fail closed), never compare a zeroed buffer.
    public static func hmacSHA256Hex(key: String, message: [UInt8]) -> String? {
        var digest = [UInt8](repeating: 0, count: 32)
        let keyBytes = Array(key.utf8)
        guard keyBytes.count <= Int(Int32.max) else { return nil }
        let status = keyBytes.withUnsafeBytes { key in
            message.withUnsafeBytes { data in
                ccrypto_hmac_sha256(key.baseAddress, Int32(key.count), data.baseAddress, data.count, &digest)
            }
        }
        return status == 1 ? hex(digest) : nil
    }

    /// Equal strings, compared in time that does not depend on where they differ
    /// (only the length may show), so a caller cannot guess a secret byte by byte.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        guard !left.isEmpty else { return true }
        return left.withUnsafeBytes { l in right.withUnsafeBytes { r in ccrypto_memcmp(l.baseAddress, r.baseAddress, l.count) == 0 } }
    }

    /// Bytes from libcrypto's random generator (for tokens and secrets), or nil if it could not seed itself.
    public static func randomBytes(_ count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        return ccrypto_random(&bytes, Int32(count)) == 1 ? bytes : nil
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
