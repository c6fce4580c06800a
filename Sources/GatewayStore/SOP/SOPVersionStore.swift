import Foundation

/// One version of an SOP definition as the gateway stored it: its canonical JSON and that text's SHA-256.
public struct StoredSOP: Sendable, Equatable {
    public let sopID: String
    public let version: Int
    public let digest: String
    /// The definition as canonical JSON (keys sorted), what `digest` is taken of.
    public let definition: String
    public let storedAt: Date

    public init(sopID: String, version: Int, digest: String, definition: String, storedAt: Date) {
        self.sopID = sopID
        self.version = version
        self.digest = digest
        self.definition = definition
        self.storedAt = storedAt
    }
}

/// The SOP definitions the gateway has put in force, a version each time one's content changed, and the
/// version each case follows (`cases.sop_version`).
public final class SOPVersionStore {
    let db: SQLiteConnection

    init(_ db: SQLiteConnection) {
        self.db = db
    }

    /// The version under which this content of the SOP is stored: the one already holding its digest, or the
    /// next number, stored now.
    public func register(sopID: String, digest: String, definition: String, at time: Date) throws -> Int {
        if let known = try db.query("SELECT version FROM sop_versions WHERE sop_id = ? AND digest = ?", [.text(sopID), .text(digest)], { $0.int(0) }).first {
            return known
        }
        let next = (try db.query("SELECT coalesce(max(version), 0) + 1 FROM sop_versions WHERE sop_id = ?", [.text(sopID)]) { $0.int(0) }.first) ?? 1
        try db.run("INSERT INTO sop_versions (sop_id, version, digest, definition, stored_at) VALUES (?, ?, ?, ?, ?)",
                   [.text(sopID), .int(next), .text(digest), .text(definition), .date(time)])
        return next
    }

    /// Every stored version, by SOP and version.
    public func all() throws -> [StoredSOP] {
        try db.query("SELECT sop_id, version, digest, definition, stored_at FROM sop_versions ORDER BY sop_id, version", [], Self.stored)
    }

    public func version(_ sopID: String, _ version: Int) throws -> StoredSOP? {
        try db.query("SELECT sop_id, version, digest, definition, stored_at FROM sop_versions WHERE sop_id = ? AND version = ?",
                     [.text(sopID), .int(version)], Self.stored).first
    }

    /// One SOP's versions, oldest first, with how many cases follow each and how many of those are still open.
    public func versions(of sopID: String) throws -> [(stored: StoredSOP, cases: Int, open: Int)] {
        let counts = Dictionary(try db.query("""
            SELECT sop_version, count(*), sum(status != 'ended') FROM cases WHERE process_id = ? AND sop_version IS NOT NULL GROUP BY sop_version
            """, [.text(sopID)]) { ($0.int(0), ($0.int(1), $0.int(2))) }, uniquingKeysWith: { first, _ in first })
        return try db.query("SELECT sop_id, version, digest, definition, stored_at FROM sop_versions WHERE sop_id = ? ORDER BY version",
                            [.text(sopID)], Self.stored).map { ($0, counts[$0.version]?.0 ?? 0, counts[$0.version]?.1 ?? 0) }
    }

    /// Gives the cases opened before versions were kept the version now in force of their SOP.
    /// - Returns: how many cases were given one.
    @discardableResult
    public func adoptUnversioned(sopID: String, version: Int) throws -> Int {
        try db.run("UPDATE cases SET sop_version = ? WHERE process_id = ? AND sop_version IS NULL", [.int(version), .text(sopID)])
    }

    /// The open cases of one version of an SOP, with the step each waits at (nil when frozen without one).
    public func openCases(_ sopID: String, version: Int) throws -> [(caseID: String, step: Int?)] {
        try db.query("""
            SELECT id, active_step FROM cases WHERE process_id = ? AND sop_version = ? AND status != 'ended' ORDER BY id
            """, [.text(sopID), .int(version)]) { ($0.string(0), $0.optionalInt(1)) }
    }

    private static func stored(_ row: Row) -> StoredSOP {
        StoredSOP(sopID: row.string(0), version: row.int(1), digest: row.string(2), definition: row.string(3), storedAt: row.date(4))
    }
}
