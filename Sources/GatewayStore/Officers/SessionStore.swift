import Foundation

/// Logins to the status page: each session is kept as the SHA-256 of its
/// cookie, with the digest of the token it was opened with, so neither the
/// cookie nor the token can be read back from the database or a backup.
public final class SessionStore {
    public struct Record: Sendable, Equatable {
        /// Lower-case hex SHA-256 of the session cookie's value.
        public let idSHA256: String
        /// Lower-case hex SHA-256 of the token the officer logged in with.
        public let tokenSHA256: String
        public let officer: String
        public let roles: [String]
        public let createdAt: Date
        public let expiresAt: Date
        public let endedAt: Date?

        public init(idSHA256: String, tokenSHA256: String, officer: String, roles: [String], createdAt: Date, expiresAt: Date,
                    endedAt: Date? = nil) {
            self.idSHA256 = idSHA256
            self.tokenSHA256 = tokenSHA256
            self.officer = officer
            self.roles = roles
            self.createdAt = createdAt
            self.expiresAt = expiresAt
            self.endedAt = endedAt
        }

        /// Whether the session lets its officer in at `time`.
        public func isLive(at time: Date) -> Bool {
            endedAt == nil && time < expiresAt
        }
    }

    let db: SQLiteConnection
    private let decoder = StoreCoding.decoder()

    public init(_ db: SQLiteConnection) {
        self.db = db
    }

    public func add(_ record: Record) throws {
        try db.run("""
            INSERT INTO sessions (id_sha256, token_sha256, officer, roles, created_at, expires_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(record.idSHA256), .text(record.tokenSHA256), .text(record.officer), .text(StoreJSON.text(record.roles)),
                  .date(record.createdAt), .date(record.expiresAt), .date(record.endedAt)])
    }

    /// The session whose cookie has this digest, live or not.
    public func find(_ idSHA256: String) throws -> Record? {
        try db.query("""
            SELECT id_sha256, token_sha256, officer, roles, created_at, expires_at, ended_at FROM sessions WHERE id_sha256 = ?
            """, [.text(idSHA256)]) { row in
            Record(idSHA256: row.string(0), tokenSHA256: row.string(1), officer: row.string(2),
                   roles: try decoder.decode([String].self, from: row.data(3)), createdAt: row.date(4), expiresAt: row.date(5),
                   endedAt: row.optionalDate(6))
        }.first
    }

    /// Ends one session (logout); false when there was none live.
    public func end(_ idSHA256: String, at time: Date) throws -> Bool {
        try db.run("UPDATE sessions SET ended_at = ? WHERE id_sha256 = ? AND ended_at IS NULL", [.date(time), .text(idSHA256)]) == 1
    }

    /// Ends every live session opened with a token (the token was revoked); how many ended.
    @discardableResult
    public func endAll(tokenSHA256: String, at time: Date) throws -> Int {
        try db.run("UPDATE sessions SET ended_at = ? WHERE token_sha256 = ? AND ended_at IS NULL AND expires_at > ?",
                   [.date(time), .text(tokenSHA256), .date(time)])
    }

    /// Sessions that let someone in at `time`.
    public func liveCount(at time: Date) throws -> Int {
        try db.query("SELECT count(*) FROM sessions WHERE ended_at IS NULL AND expires_at > ?", [.date(time)]) { $0.int(0) }.first ?? 0
    }

    /// Forgets sessions that expired or ended before `time`: they let nobody in, and a login a day would otherwise pile up.
    @discardableResult
    public func purge(before time: Date) throws -> Int {
        try db.run("DELETE FROM sessions WHERE expires_at < ?1 OR ended_at < ?1", [.date(time)])
    }
}
