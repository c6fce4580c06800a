import Foundation
import GatewayCore

/// Permits (id_izin) with their commitments, the case that handles them and what OSS last said about them.
public final class PermitStore {
    /// What OSS calls the permit besides its id_izin, from the NIB that brought it; OSS wants them back
    /// with each status and licence (PIA receiveLicenseStatus, receiveLicense).
    public struct OSSReferences: Sendable, Equatable {
        public var idProyek: String?
        public var ossID: String?
        public var idProduk: String?
        /// The location's region code (Permendagri 72/2019).
        public var kdDaerah: String?

        public init(idProyek: String? = nil, ossID: String? = nil, idProduk: String? = nil, kdDaerah: String? = nil) {
            self.idProyek = idProyek
            self.ossID = ossID
            self.idProduk = idProduk
            self.kdDaerah = kdDaerah
        }
    }

    public struct Record: Sendable, Equatable {
        public let commitments: PermitCommitments
        public let kdIzin: String?
        public let namaIzin: String?
        public let sop: String?
        public let caseID: String?
        public let ossStatus: String?
        public let ossStatusAt: Date?
        public let updatedAt: Date
        /// The number OSS gave the permit when this agency issued it.
        public let nomorIzin: String?
        /// The link to OSS's signed permit.
        public let fileDS: String?
        /// When OSS said it approved the permit by itself (57, fiktif positif).
        public let approvedByOSSAt: Date?
        public let references: OSSReferences
    }

    let db: SQLiteConnection
    private let decoder = StoreCoding.decoder()

    public init(_ db: SQLiteConnection) {
        self.db = db
    }

    /// Adds a permit the first time it is seen; returns false when it was already known.
    @discardableResult
    public func add(_ commitments: PermitCommitments, kdIzin: String?, namaIzin: String?, sop: String?, caseID: String?,
                    references: OSSReferences = OSSReferences(), at time: Date) throws -> Bool {
        let sweep = commitments.sweepDue
        let added = try db.run("""
            INSERT INTO permits (id_izin, nib, kd_izin, nama_izin, sop, case_id, commitments, effectiveness, updated_at,
                                 id_proyek, oss_id, id_produk, kd_daerah, warn_due_at, breach_due_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id_izin) DO NOTHING
            """, [.text(commitments.idIzin), .text(commitments.nib), .string(kdIzin), .string(namaIzin), .string(sop), .string(caseID),
                  .text(StoreJSON.text(commitments)), .text(Self.label(commitments.effectiveness)), .date(time),
                  .string(references.idProyek), .string(references.ossID), .string(references.idProduk), .string(references.kdDaerah),
                  .date(sweep.warning), .date(sweep.breach)]) == 1
        if added { try db.addToCounters(Schema.permitTally.addition, key: [.text(Self.label(commitments.effectiveness))], amounts: [1]) }
        return added
    }

    public func update(_ commitments: PermitCommitments, at time: Date) throws {
        let sweep = commitments.sweepDue
        try db.run("UPDATE permits SET commitments = ?, effectiveness = ?, updated_at = ?, warn_due_at = ?, breach_due_at = ? WHERE id_izin = ?",
                   [.text(StoreJSON.text(commitments)), .text(Self.label(commitments.effectiveness)),
                    .date(time), .date(sweep.warning), .date(sweep.breach), .text(commitments.idIzin)])
    }

    /// The permits a sweep of statutory deadlines has to look at: those with a deadline not yet warned of due by
    /// `warnBy` (the end of the warning window from now), or one not yet recorded as passed due by `passedBy` (now).
    public func dueForSweep(warnBy: Date, passedBy: Date) throws -> [Record] {
        try select("""
            WHERE id_izin IN (SELECT id_izin FROM permits WHERE warn_due_at <= ?1 UNION SELECT id_izin FROM permits WHERE breach_due_at <= ?2)
            ORDER BY id_izin
            """, [.date(warnBy), .date(passedBy)])
    }

    public func recordOSSStatus(_ idIzin: String, code: String, at time: Date) throws {
        try db.run("UPDATE permits SET oss_status = ?, oss_status_at = ?, updated_at = ? WHERE id_izin = ?",
                   [.text(code), .date(time), .date(time), .text(idIzin)])
    }

    /// A permit to ask OSS about: its status as last recorded and how many checks in a row found it unchanged.
    public struct CheckDue: Sendable, Equatable {
        public let idIzin: String
        public let ossStatus: String?
        public let unchangedChecks: Int
    }

    /// Statuses after which OSS says nothing more of a permit (oss-rba.md §1.7): such a permit is not asked about again.
    public static let finalOSSStatuses: Set<String> = ["50", "57", "58", "90", "93"]

    /// A permit whose OSS status is not final, or that is watched, and whose NIB still stands, as migration 28's partial
    /// index `permits_oss_due` says it (comparisons, not an IN list: SQLite 3.40 would build the list's b-tree for every
    /// permit written). The queries that walk the index say it in the same words, which is how SQLite knows the index
    /// serves them.
    static let askedAtOSS = "(oss_status IS NULL OR (oss_status != '50' AND oss_status != '57' AND oss_status != '58' AND oss_status != '90' "
        + "AND oss_status != '93') OR oss_watched = 1) AND effectiveness != 'ended'"

    /// Permits to ask OSS about (not final, or watched) whose check is due by `time`: the never-asked first, then the
    /// longest due, each by id_izin; two walks of `permits_oss_due` that stop at `limit`, however many permits are
    /// kept (one query sorted them all: 0.4 s with 750,000).
    public func dueForOSSCheck(dueBy time: Date, limit: Int) throws -> [CheckDue] {
        let read = { (clause: String, values: [SQLiteValue]) in
            try self.db.query("""
                SELECT id_izin, oss_status, oss_unchanged_checks FROM permits
                WHERE \(Self.askedAtOSS) AND \(clause) ORDER BY oss_check_due_at, id_izin LIMIT ?
                """, values) { row in CheckDue(idIzin: row.string(0), ossStatus: row.optionalString(1), unchangedChecks: row.int(2)) }
        }
        let neverAsked = try read("oss_check_due_at IS NULL", [.int(limit)])
        guard neverAsked.count < limit else { return neverAsked }
        return neverAsked + (try read("oss_check_due_at <= ?", [.date(time), .int(limit - neverAsked.count)]))
    }

    /// Whether the permit is asked about at OSS whatever its status: while its case waits for what only
    /// checkLicenseStatus shows (an applicant's upload, SOP 004 step 8), even after a final status.
    public func watchAtOSS(_ idIzin: String, _ watched: Bool) throws {
        try db.run("UPDATE permits SET oss_watched = ? WHERE id_izin = ? AND oss_watched != ?",
                   [.int(watched ? 1 : 0), .text(idIzin), .int(watched ? 1 : 0)])
    }

    /// When the permit is next asked about at OSS, and how many checks in a row found it unchanged.
    public func scheduleOSSCheck(_ idIzin: String, unchangedChecks: Int, dueAt: Date) throws {
        try db.run("UPDATE permits SET oss_check_due_at = ?, oss_unchanged_checks = ? WHERE id_izin = ?",
                   [.date(dueAt), .int(unchangedChecks), .text(idIzin)])
    }

    public func recordNumber(_ idIzin: String, nomorIzin: String, at time: Date) throws {
        try db.run("UPDATE permits SET nomor_izin = ?, updated_at = ? WHERE id_izin = ?", [.text(nomorIzin), .date(time), .text(idIzin)])
    }

    public func recordSignedDocument(_ idIzin: String, url: String, at time: Date) throws {
        try db.run("UPDATE permits SET file_ds = ?, updated_at = ? WHERE id_izin = ?", [.text(url), .date(time), .text(idIzin)])
    }

    /// Marks the permit approved by OSS by itself, the first time OSS says so.
    public func recordApprovedByOSS(_ idIzin: String, at time: Date) throws {
        try db.run("UPDATE permits SET approved_by_oss_at = coalesce(approved_by_oss_at, ?), updated_at = ? WHERE id_izin = ?",
                   [.date(time), .date(time), .text(idIzin)])
    }

    /// The NIB a permit the gateway holds belongs to.
    public func nib(of idIzin: String) throws -> String? {
        try db.query("SELECT nib FROM permits WHERE id_izin = ?", [.text(idIzin)]) { $0.string(0) }.first
    }

    public func permit(_ idIzin: String) throws -> Record? {
        try select("WHERE id_izin = ?", [.text(idIzin)]).first
    }

    /// The NIBs of permits whose case is still open (active or frozen): the ones whose news the agency may have missed.
    public func nibsWithOpenCases() throws -> [String] {
        try db.query("""
            SELECT DISTINCT p.nib FROM permits p JOIN cases c ON c.id = p.case_id WHERE c.status != 'ended' ORDER BY p.nib
            """) { $0.string(0) }
    }

    /// Permits OSS approved or numbered whose signed document never came (receiveFileDS missed or not yet sent).
    public func awaitingSignedDocument() throws -> [Record] {
        try select("WHERE file_ds IS NULL AND (oss_status = '50' OR nomor_izin IS NOT NULL) ORDER BY updated_at", [])
    }

    /// The cases of the permits the gateway holds of this NIB, by id_izin; empty for a NIB new to it. Reads no commitments.
    public func caseIDs(ofNIB nib: String) throws -> [String] {
        try db.query("SELECT case_id FROM permits WHERE nib = ? AND case_id IS NOT NULL ORDER BY id_izin", [.text(nib)]) { $0.string(0) }
    }

    /// The permits OSS gave the agency under one NIB.
    public func permits(ofNIB nib: String) throws -> [Record] {
        try select("WHERE nib = ? ORDER BY id_izin", [.text(nib)])
    }

    /// Permits, optionally only those not yet effective, least recently changed first.
    public func list(notEffectiveOnly: Bool = false) throws -> [Record] {
        try records(notEffectiveOnly: notEffectiveOnly, limit: -1, after: nil)  // SQLite: a negative LIMIT is none
    }

    /// As ``list(notEffectiveOnly:)``, one page at a time, with how many match in all: `after` is the id_izin of
    /// the last permit of the page before.
    public func page(notEffectiveOnly: Bool = false, limit: Int = 1000, after: String? = nil) throws -> Page<Record> {
        // Counted by the counters migration 16's triggers keep: a page of 100 costs the same among 20,000 permits.
        let total = Int(try db.firstText("SELECT coalesce(sum(tallied), 0) FROM permit_tallies WHERE ?1 = 0 OR (effectiveness != 'effective' AND effectiveness != 'ended')",
                                         [.int(notEffectiveOnly ? 1 : 0)]) ?? "0") ?? 0
        return Page(fetched: try records(notEffectiveOnly: notEffectiveOnly, limit: limit + 1, after: after), limit: limit, total: total,
                    cursor: \.commitments.idIzin)
    }

    private func records(notEffectiveOnly: Bool, limit: Int, after: String?) throws -> [Record] {
        try select("""
            WHERE (?1 = 0 OR (effectiveness != 'effective' AND effectiveness != 'ended'))
              AND (?3 IS NULL OR (updated_at, id_izin) > (SELECT updated_at, id_izin FROM permits WHERE id_izin = ?3))
            ORDER BY updated_at, id_izin LIMIT ?2
            """, [.int(notEffectiveOnly ? 1 : 0), .int(limit), .string(after)])
    }

    private func select(_ clause: String, _ values: [SQLiteValue]) throws -> [Record] {
        try db.query("""
            SELECT commitments, kd_izin, nama_izin, sop, case_id, oss_status, oss_status_at, updated_at, nomor_izin, file_ds, approved_by_oss_at,
                   id_proyek, oss_id, id_produk, kd_daerah
            FROM permits
            """ + " " + clause, values) { row in
            Record(commitments: try decoder.decode(PermitCommitments.self, from: row.data(0)), kdIzin: row.optionalString(1),
                   namaIzin: row.optionalString(2), sop: row.optionalString(3), caseID: row.optionalString(4),
                   ossStatus: row.optionalString(5), ossStatusAt: row.optionalDate(6), updatedAt: row.date(7),
                   nomorIzin: row.optionalString(8), fileDS: row.optionalString(9), approvedByOSSAt: row.optionalDate(10),
                   references: OSSReferences(idProyek: row.optionalString(11), ossID: row.optionalString(12), idProduk: row.optionalString(13),
                                             kdDaerah: row.optionalString(14)))
        }
    }

    public static func label(_ effectiveness: PermitCommitments.Effectiveness) -> String {
        switch effectiveness {
        case .pending: "pending"
        case .effective: "effective"
        case .notEffective: "not_effective"
        case .ended: "ended"
        }
    }
}
