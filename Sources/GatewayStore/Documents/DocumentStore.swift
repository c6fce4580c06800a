import Foundation

/// Documents officers attach (the BAP, letters), kept with the case.
public final class DocumentStore {
    public struct Document: Sendable, Equatable {
        public let id: String
        public let caseID: String?
        public let step: Int?
        public let name: String
        public let contentType: String
        public let sha256: String
        public let bytes: [UInt8]
        public let createdAt: Date

        public init(id: String, caseID: String?, step: Int?, name: String, contentType: String, sha256: String, bytes: [UInt8], createdAt: Date) {
            self.id = id
            self.caseID = caseID
            self.step = step
            self.name = name
            self.contentType = contentType
            self.sha256 = sha256
            self.bytes = bytes
            self.createdAt = createdAt
        }
    }

    let db: SQLiteConnection

    public init(_ db: SQLiteConnection) {
        self.db = db
    }

    public func save(_ document: Document) throws {
        try db.run("""
            INSERT INTO documents (id, case_id, step, name, content_type, sha256, size, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING
            """, [.text(document.id), .string(document.caseID), .int(document.step), .text(document.name), .text(document.contentType),
                  .text(document.sha256), .int(document.bytes.count), .blob(document.bytes), .date(document.createdAt)])
    }

    public func document(_ id: String) throws -> Document? {
        try db.query("SELECT id, case_id, step, name, content_type, sha256, bytes, created_at FROM documents WHERE id = ?", [.text(id)]) { row in
            Document(id: row.string(0), caseID: row.optionalString(1), step: row.optionalInt(2), name: row.string(3),
                     contentType: row.string(4), sha256: row.string(5), bytes: Array(row.data(6)), createdAt: row.date(7))
        }.first
    }

    /// What a link token leads to.
    public enum Link: Equatable {
        case document(Document)
        /// The link's time is up (documents.linkDays).
        case expired
        case unknown
    }

    /// Gives a document a link that opens it until `expiresAt`. Only the SHA-256 of the link's token is kept:
    /// the token travels once, in the message that carries the link, and the database alone opens nothing.
    public func link(_ documentID: String, tokenHash: String, at time: Date, expiresAt: Date) throws {
        try db.run("INSERT INTO document_links (token, document_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                   [.text(tokenHash), .text(documentID), .date(time), .date(expiresAt)])
    }

    /// What the link whose token hashes to `tokenHash` opens at `time`.
    public func linked(tokenHash: String, at time: Date) throws -> Link {
        guard let (id, expires) = try db.query("SELECT document_id, expires_at FROM document_links WHERE token = ?", [.text(tokenHash)], {
            ($0.string(0), $0.optionalDate(1))
        }).first else { return .unknown }
        if let expires, expires <= time { return .expired }
        return try document(id).map(Link.document) ?? .unknown
    }

    /// Whether a token hashing to `tokenHash` is one of the gateway's links, expired or not.
    public func isLink(tokenHash: String) throws -> Bool {
        try !db.query("SELECT 1 FROM document_links WHERE token = ?", [.text(tokenHash)]) { _ in true }.isEmpty
    }

    /// Tokens of links kept whole, before only their hashes were (a token has 48 hex characters, a SHA-256 64).
    public func unhashedLinkTokens() throws -> [String] {
        try db.query("SELECT token FROM document_links WHERE length(token) <> 64") { $0.string(0) }
    }

    /// Keeps `hash` in place of a link's whole token.
    public func replaceLinkToken(_ token: String, withHash hash: String) throws {
        try db.run("UPDATE document_links SET token = ? WHERE token = ?", [.text(hash), .text(token)])
    }

    /// A case's documents without their bytes, oldest first.
    public func list(caseID: String) throws -> [Listed] {
        try db.query("SELECT id, step, name, content_type, sha256, size, created_at FROM documents WHERE case_id = ? ORDER BY created_at, id",
                     [.text(caseID)]) { row in
            Listed(id: row.string(0), step: row.optionalInt(1), name: row.string(2), contentType: row.string(3), sha256: row.string(4),
                   size: row.int(5), createdAt: row.date(6))
        }
    }

    /// A document as listings show it.
    public struct Listed: Sendable, Equatable {
        public let id: String
        public let step: Int?
        public let name: String
        public let contentType: String
        public let sha256: String
        public let size: Int
        public let createdAt: Date
    }
}
