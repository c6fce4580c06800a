import Foundation

/// One exchange with a national system, in or out: what operators read to
/// know whether the links are healthy.
public struct SyncLogEntry: Sendable, Codable, Equatable {
    public enum Direction: String, Sendable, Codable {
        case incoming = "in"
        case outgoing = "out"
    }

    /// How the note of a delivery the gateway did not resend begins: asked first, the receiver showed it there.
    public static let alreadyApplied = "already applied"

    public var id: Int?
    public let at: Date
    /// oss, siinas, sipro, dpmptsp, or gateway for the gateway's own events (deadlines, warnings).
    public let system: String
    /// The method or event: receiveNIB, receiveLicenseStatus, notifications, uploadBAP, sla.breach, …
    public let method: String
    public let direction: Direction
    public let caseID: String?
    public let idIzin: String?
    public let messageID: String?
    public let attempt: Int?
    public let httpStatus: Int?
    public let latencyMilliseconds: Double?
    /// accepted, duplicate, rejected, ignored, parked, delivered, retrying, dead, warning, escalated, …
    public let outcome: String
    public let error: String?

    public init(at: Date, system: String, method: String, direction: Direction, caseID: String? = nil, idIzin: String? = nil,
                messageID: String? = nil, attempt: Int? = nil, httpStatus: Int? = nil, latencyMilliseconds: Double? = nil,
                outcome: String, error: String? = nil) {
        self.at = at
        self.system = system
        self.method = method
        self.direction = direction
        self.caseID = caseID
        self.idIzin = idIzin
        self.messageID = messageID
        self.attempt = attempt
        self.httpStatus = httpStatus
        self.latencyMilliseconds = latencyMilliseconds
        self.outcome = outcome
        self.error = error
    }

    /// Outcomes that mean an exchange failed, for `gerbang log --failed`; "forbidden" is an officer's
    /// attempt refused for the role, "blocked" and "throttled" a client refused after too many failed
    /// authentications, shown with the failures so an audit finds them.
    public static let failedOutcomes = ["rejected", "refused", "retrying", "dead", "failed", "forbidden", "blocked", "throttled"]
    /// Outcomes of an exchange that went well: the status page's "last successful exchange".
    public static let succeededOutcomes = ["accepted", "duplicate", "delivered", "status"]
    /// Outcomes that are no exchange with the system (a message queued or parked, a push ignored): not counted in its error rate.
    public static let notExchanges = ["queued", "parked", "ignored"]

    /// Whether the exchange failed.
    public var failed: Bool {
        Self.failedOutcomes.contains(outcome)
    }
}

public final class SyncLogStore {
    public struct Filter: Sendable {
        public var system: String?
        /// Only entries of this method ("config.reload").
        public var method: String?
        public var caseID: String?
        public var failedOnly = false
        /// Entries after this one, oldest first (following the log, or its next page).
        public var afterID: Int?
        /// Entries before this one: the newest `limit` of them (the page before a listing of the newest).
        public var beforeID: Int?
        /// Entries at or after this time.
        public var since: Date?
        /// Entries before this time.
        public var until: Date?
        public var limit = 200

        public init(system: String? = nil, method: String? = nil, caseID: String? = nil, failedOnly: Bool = false, afterID: Int? = nil,
                    beforeID: Int? = nil, since: Date? = nil, until: Date? = nil, limit: Int = 200) {
            self.system = system
            self.method = method
            self.caseID = caseID
            self.failedOnly = failedOnly
            self.afterID = afterID
            self.beforeID = beforeID
            self.since = since
            self.until = until
            self.limit = limit
        }

        /// The WHERE clause and its values (?1 to ?8), the cursors included when `cursors`.
        fileprivate func clause(cursors: Bool) -> (String, [SQLiteValue]) {
            ("""
            (?1 IS NULL OR system = ?1) AND (?2 IS NULL OR case_id = ?2)
              AND (?3 = 0 OR outcome IN (\(SyncLogEntry.failedOutcomes.map { "'\($0)'" }.joined(separator: ", "))))
              AND (?4 IS NULL OR id > ?4) AND (?5 IS NULL OR id < ?5) AND (?6 IS NULL OR at >= ?6) AND (?7 IS NULL OR at < ?7)
              AND (?8 IS NULL OR method = ?8)
            """, [.string(system), .string(caseID), .int(failedOnly ? 1 : 0), .int(cursors ? afterID : nil), .int(cursors ? beforeID : nil),
                  .date(since), .date(until), .string(method)])
        }
    }

    let db: SQLiteConnection

    public init(_ db: SQLiteConnection) {
        self.db = db
    }

    @discardableResult
    public func append(_ entry: SyncLogEntry) throws -> Int {
        try db.run("""
            INSERT INTO sync_log (at, system, method, direction, case_id, id_izin, message_id, attempt, http_status, latency_ms, outcome, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.date(entry.at), .text(entry.system), .text(entry.method), .text(entry.direction.rawValue), .string(entry.caseID),
                  .string(entry.idIzin), .string(entry.messageID), .int(entry.attempt), .int(entry.httpStatus),
                  entry.latencyMilliseconds.map(SQLiteValue.real) ?? .null, .text(entry.outcome), .string(entry.error)])
        let id = try db.lastInsertedRowID()
        // Each system's exchanges and failures a minute (sync_log_minutes), for the status page's error rate: the gateway's
        // own events are no exchange with a national system, nor is a message queued, parked or ignored.
        if entry.system != "gateway", !SyncLogEntry.notExchanges.contains(entry.outcome), case .integer(let at) = SQLiteValue.date(entry.at) {
            try db.addToCounters(Self.countedMinute, key: [.text(entry.system), .integer(at / 60_000)], amounts: [1, entry.failed ? 1 : 0])
        }
        return id
    }

    /// Adds exchanges and failures to a system's minute (migration 16's table, counted here since migration 21).
    private static let countedMinute = """
        INSERT INTO sync_log_minutes (system, minute, exchanges, failures) VALUES (?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET exchanges = exchanges + excluded.exchanges, failures = failures + excluded.failures
        """

    /// How many entries match the filter, whatever its cursors and limit.
    public func count(_ filter: Filter) throws -> Int {
        let (clause, values) = filter.clause(cursors: false)
        return Int(try db.firstText("SELECT count(*) FROM sync_log WHERE " + clause, values) ?? "0") ?? 0
    }

    /// The columns ``entry(_:)`` reads, in its order.
    static let columns = "id, at, system, method, direction, case_id, id_izin, message_id, attempt, http_status, latency_ms, outcome, error"

    static func entry(_ row: Row) -> SyncLogEntry {
        var entry = SyncLogEntry(
            at: row.date(1), system: row.string(2), method: row.string(3),
            direction: SyncLogEntry.Direction(rawValue: row.string(4)) ?? .incoming, caseID: row.optionalString(5),
            idIzin: row.optionalString(6), messageID: row.optionalString(7), attempt: row.optionalInt(8), httpStatus: row.optionalInt(9),
            latencyMilliseconds: row.isNull(10) ? nil : row.double(10), outcome: row.string(11), error: row.optionalString(12))
        entry.id = row.int(0)
        return entry
    }

    /// Entries oldest first, after `afterID` when following; the newest `limit` (before `beforeID`) otherwise.
    public func list(_ filter: Filter) throws -> [SyncLogEntry] {
        let (clause, values) = filter.clause(cursors: true)
        let rows = try db.query("""
            SELECT \(Self.columns) FROM sync_log WHERE \(clause)
            ORDER BY id \(filter.afterID == nil ? "DESC" : "ASC") LIMIT ?9
            """, values + [.int(filter.limit)], Self.entry)
        return filter.afterID == nil ? rows.reversed() : rows
    }

    /// Per system since `time` (counted by whole minutes: the minute `time` falls in is counted whole): exchanges,
    /// failed ones (the counters of migration 16, which the store keeps, a day of minutes: the status page costs the same at
    /// 10 pushes a second as at 1,000), and the last one that went well whenever it was.
    public func health(since time: Date, systems: [String]) throws -> [String: SystemHealth] {
        let minute = Int((time.timeIntervalSince1970 / 60).rounded(.down))
        var result: [String: SystemHealth] = [:]
        for system in systems {
            for (total, failures) in try db.query("""
                SELECT sum(exchanges), sum(failures) FROM sync_log_minutes WHERE system = ? AND minute >= ? HAVING count(*) > 0
                """, [.text(system), .int(minute)], { ($0.int(0), $0.int(1)) }) {
                result[system, default: SystemHealth()].recent = total
                result[system, default: SystemHealth()].recentFailed = failures
            }
        }
        // The newest entries first along sync_log_by_system: the walk stops at the last success, a few entries back
        // unless the system has failed for long.
        let succeeded = SyncLogEntry.succeededOutcomes.map { "'\($0)'" }.joined(separator: ", ")
        for system in systems {
            for at in try db.query("""
                SELECT at FROM sync_log WHERE system = ? AND outcome IN (\(succeeded)) ORDER BY at DESC LIMIT 1
                """, [.text(system)], { $0.date(0) }) {
                result[system, default: SystemHealth()].lastSuccess = at
            }
        }
        return result
    }

    /// How the exchanges with one system went, for the status page.
    public struct SystemHealth: Sendable, Equatable {
        public var recent = 0
        public var recentFailed = 0
        public var lastSuccess: Date?

        /// Failed exchanges over all, in the window; nil without exchanges.
        public var errorRate: Double? { recent == 0 ? nil : Double(recentFailed) / Double(recent) }
    }
}
