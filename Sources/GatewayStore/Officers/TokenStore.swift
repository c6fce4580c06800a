import Foundation

/// Officers' bearer tokens, kept as SHA-256 digests: the database never holds
/// a token itself, so a backup or a copy of it cannot be used to act as an
/// officer. A revoked token stays listed, with when it was revoked.
public final class TokenStore {
    public struct Record: Sendable, Equatable, Codable {
        public let id: String
        public let officer: String
        public let roles: [String]
        /// Lower-case hex SHA-256 of the token.
        public let tokenSHA256: String
        public let createdAt: Date
        public let revokedAt: Date?
        /// The officer's full name and NIP, as OSS is told them (nip_status, nama_ttd, nip_ttd); nil when not given.
        public let nama: String?
        public let nip: String?

        public init(id: String, officer: String, roles: [String], tokenSHA256: String, createdAt: Date, revokedAt: Date? = nil,
                    nama: String? = nil, nip: String? = nil) {
            self.id = id
            self.officer = officer
            self.roles = roles
            self.tokenSHA256 = tokenSHA256
            self.createdAt = createdAt
            self.revokedAt = revokedAt
            self.nama = nama
            self.nip = nip
        }
    }

    /// An officer's name and NIP.
    public struct Identity: Sendable, Equatable {
        public let nama: String
        public let nip: String

        public init(nama: String, nip: String) {
            self.nama = nama
            self.nip = nip
        }
    }

    let db: SQLiteConnection
    private let decoder = StoreCoding.decoder()

    public init(_ db: SQLiteConnection) {
        self.db = db
    }

    public func add(_ record: Record) throws {
        try db.run("""
            INSERT INTO officer_tokens (id, officer, roles, token_sha256, created_at, revoked_at, nama, nip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(record.id), .text(record.officer), .text(StoreJSON.text(record.roles)), .text(record.tokenSHA256),
                  .date(record.createdAt), .date(record.revokedAt), .string(record.nama), .string(record.nip)])
    }

    /// Revokes a token by its id, and ends the sessions opened with it; false when there is none or it was already revoked.
    public func revoke(_ id: String, at time: Date) throws -> Bool {
        guard try db.run("UPDATE officer_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [.date(time), .text(id)]) == 1
        else { return false }
        for digest in try db.query("SELECT token_sha256 FROM officer_tokens WHERE id = ?", [.text(id)], { $0.string(0) }) {
            try SessionStore(db).endAll(tokenSHA256: digest, at: time)
        }
        return true
    }

    /// Every token, revoked ones included, oldest first.
    public func list() throws -> [Record] {
        try db.query("SELECT id, officer, roles, token_sha256, created_at, revoked_at, nama, nip FROM officer_tokens ORDER BY created_at, id") { row in
            Record(id: row.string(0), officer: row.string(1), roles: try decoder.decode([String].self, from: row.data(2)),
                   tokenSHA256: row.string(3), createdAt: row.date(4), revokedAt: row.optionalDate(5), nama: row.optionalString(6),
                   nip: row.optionalString(7))
        }
    }

    /// The name and NIP the officer's newest token that gives both names (a revoked one too: it named who acted then).
    public func identity(of officer: String) throws -> Identity? {
        try db.query("""
            SELECT nama, nip FROM officer_tokens WHERE officer = ? AND nama IS NOT NULL AND nip IS NOT NULL
            ORDER BY created_at DESC, id DESC LIMIT 1
            """, [.text(officer)]) { Identity(nama: $0.string(0), nip: $0.string(1)) }.first
    }
}
