import Foundation

/// How much randomness a secret an agency chose holds, estimated from its
/// characters: each counts for log2 of the alphabet its kinds of character
/// span (16 for hex digits, 36 for lower case and digits, 95 for all
/// printable ASCII), and a secret of fewer than 8 distinct characters
/// ("aaaa…", "abab…") counts for nothing. An estimate from above for words
/// and patterns, but one that refuses what is short or plainly not random.
enum SecretStrength {
    /// What a secret the gateway checks others by must hold off loopback: 256 bits, `openssl rand -hex 32`.
    static let requiredBits = 256

    static func estimatedBits(_ secret: String) -> Int {
        let scalars = Array(secret.unicodeScalars)
        guard Set(scalars).count >= 8 else { return 0 }
        let hexDigits = CharacterSet(charactersIn: "0123456789abcdefABCDEF")
        let alphabet: Int
        if scalars.allSatisfy({ hexDigits.contains($0) }) {
            alphabet = 16
        } else {
            var size = 0
            if scalars.contains(where: { ("0"..."9").contains($0) }) { size += 10 }
            if scalars.contains(where: { ("a"..."z").contains($0) }) { size += 26 }
            if scalars.contains(where: { ("A"..."Z").contains($0) }) { size += 26 }
            if scalars.contains(where: { !("0"..."9").contains($0) && !("a"..."z").contains($0) && !("A"..."Z").contains($0) }) { size += 33 }
            alphabet = size
        }
        return Int(Double(scalars.count) * log2(Double(alphabet)))
    }
}
