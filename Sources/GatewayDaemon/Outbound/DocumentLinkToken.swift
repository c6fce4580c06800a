import GatewayStore
import NationalSystems

/// The token of a `/berkas/` link as the database knows it: by its SHA-256
/// only. The token itself travels once, in the message that carries the link
/// (docs/security.md, "Links to documents sent to OSS"); a copy of the
/// database, a backup or an archive opens no document.
enum DocumentLinkToken {
    static func hash(_ token: String) -> String {
        Digest.sha256Hex(Array(token.utf8))
    }

    /// Hashes the tokens of links a gateway made before it kept hashes only, so they still open what they opened.
    static func hashLinksKeptWhole(in database: GatewayDatabase) throws {
        for token in try database.documents.unhashedLinkTokens() {
            try database.documents.replaceLinkToken(token, withHash: hash(token))
        }
    }
}
