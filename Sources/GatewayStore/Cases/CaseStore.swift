import Foundation
import GatewayCore

/// Cases in SQLite: one row per case, its history as append-only rows, and
/// the deadline rows its steps scheduled.
///
/// ``save(_:)`` writes everything one transition produced in one transaction,
/// and refuses a transition computed from an outdated copy of the case.
public final class CaseStore {
    public let db: SQLiteConnection
    private let decoder: JSONDecoder

    public init(_ db: SQLiteConnection) {
        self.db = db
        decoder = StoreCoding.decoder()
    }

    /// Opens (creating if needed) and migrates the database at `path`.
    public static func open(path: String) throws -> CaseStore {
        let db = try SQLiteConnection(path: path)
        try Migrator.migrate(db)
        return CaseStore(db)
    }

    // MARK: Writing

    /// Saves what a transition did: the case, its new history entries and the deadline rows it schedules,
    /// cancels or finds passed. Its other effects are the caller's to carry out (the daemon's EffectApplier).
    /// Joins the caller's transaction if there is one.
    /// - Throws: ``CaseStoreError/conflict(caseID:expectedVersion:)`` when the case
    ///   changed since the copy the transition was computed from.
    public func save(_ transition: Transition) throws {
        try save([transition])
    }

    /// Saves what transitions of one case did one after another (each computed from the case the one before left):
    /// the case as the last left it, their history entries as one row, and their deadline rows in order. A push that
    /// opens a case and moves it on is one insert of the case and one history row, not an insert, an update and four.
    /// - Throws: ``CaseStoreError/conflict(caseID:expectedVersion:)`` when the case changed since the copy the
    ///   first transition was computed from.
    public func save(_ transitions: [Transition]) throws {
        let entries = transitions.flatMap(\.appended)
        guard let first = entries.first, let last = transitions.last else { return }  // stale events changed nothing
        let saved = last.case
        try db.atomically {
            let columns = try caseColumns(saved)
            if first.sequence == 1 {
                // A case without a version leaves the column out: its NULL is the default, and so the same
                // statement serves a database from before migration 17 (the migration tests use one).
                let versioned = saved.sopVersion != nil
                try db.run("""
                    INSERT INTO cases (status, active_step, deadline_at, deadline_passed, outcome, position,
                                       pending_outcome, activations, version, updated_at,
                                       id, process_id, reference, opened_at\(versioned ? ", sop_version" : ""))
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?\(versioned ? ", ?" : ""))
                    """, columns + [.text(saved.id), .text(saved.processID), .string(saved.reference), .date(saved.openedAt)]
                        + (versioned ? [.int(saved.sopVersion)] : []))
                // Counted as Schema.caseTally's key says: SOP, status, outcome or '', late, step or -1.
                let active = saved.activeStep
                try db.addToCounters(Schema.caseTally.addition, key: [
                    .text(saved.processID), .text(CaseSummary.Status(saved).rawValue), .text(saved.outcome?.rawValue ?? ""),
                    .int(active?.deadlinePassed == true ? 1 : 0), .int(active?.step ?? -1),
                ], amounts: [1])
            } else {
                // Only `gerbang sop migrate` changes a case's version: the column is written when it did.
                let migrated = entries.contains { if case .migrated = $0.event { true } else { false } }
                let changed = try db.run("""
                    UPDATE cases SET status = ?, active_step = ?, deadline_at = ?, deadline_passed = ?, outcome = ?,
                                     position = ?, pending_outcome = ?, activations = ?, version = ?, updated_at = ?\(migrated ? ", sop_version = ?" : "")
                    WHERE id = ? AND version = ?
                    """, columns + (migrated ? [.int(saved.sopVersion)] : []) + [.text(saved.id), .int(first.sequence - 1)])
                guard changed == 1 else {
                    throw CaseStoreError.conflict(caseID: saved.id, expectedVersion: first.sequence - 1)
                }
            }
            // One row under the first entry's sequence: the entry itself, or several as a JSON array (``load(_:)``
            // reads both); its step is the last entry's, its kind every entry's, in order.
            try db.run("INSERT INTO case_history (case_id, sequence, at, step, kind, entry) VALUES (?, ?, ?, ?, ?, ?)",
                       [.text(saved.id), .int(first.sequence), .date(first.at), .int(entries.last?.step),
                        .text(entries.map(\.event.kind).joined(separator: ",")), .text(StoreJSON.text(entries))])
            for transition in transitions { try saveDeadlines(of: transition) }
        }
    }

    /// The deadline rows a transition schedules, cancels or finds passed (the sweeper reads them, DESIGN.md rule 7).
    private func saveDeadlines(of transition: Transition) throws {
        let caseID = transition.case.id
        for entry in transition.appended {
            switch entry.event {
            case .deadlinePassed(let activation, _), .applicantReminded(let activation, _):
                try markDeadline(caseID: caseID, activation: activation, .passed)
            default:
                break
            }
        }
        for effect in transition.effects {
            switch effect {
            case .scheduleDeadline(let step, let activation, let at):
                try scheduleDeadline(caseID: caseID, step: step, activation: activation, at: at)
            case .cancelDeadline(_, let activation):
                try markDeadline(caseID: caseID, activation: activation, .cancelled)
            default:
                continue
            }
        }
    }

    /// What became of a step activation's deadline row.
    public enum DeadlineState: String, Sendable {
        /// Its time passed while the step was active: recorded and escalated.
        case passed
        /// Its step was left in time, or the sweeper found nothing to do for it (its step was left without
        /// the cancel reaching the row), so it is not picked up again.
        case cancelled
    }

    /// Writes the deadline a step activation must meet; a deadline moved by a new calendar replaces its row.
    public func scheduleDeadline(caseID: String, step: Int, activation: Int, at due: Date) throws {
        try db.run("""
            INSERT INTO deadlines (case_id, activation, step, due_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (case_id, activation) DO UPDATE SET due_at = excluded.due_at, state = 'pending'
            """, [.text(caseID), .int(activation), .int(step), .date(due)])
    }

    /// Settles a pending deadline row.
    public func markDeadline(caseID: String, activation: Int, _ state: DeadlineState) throws {
        try db.run("UPDATE deadlines SET state = ? WHERE case_id = ? AND activation = ? AND state = 'pending'",
                   [.text(state.rawValue), .text(caseID), .int(activation)])
    }

    private func caseColumns(_ saved: Case) throws -> [SQLiteValue] {
        let active = saved.activeStep
        return [
            .text(CaseSummary.Status(saved).rawValue), .int(active?.step), .date(active?.deadline),
            .int(active?.deadlinePassed == true ? 1 : 0), .string(saved.outcome?.rawValue), .text(StoreJSON.text(saved.position)),
            .string(saved.pendingOutcome?.rawValue), .int(saved.activations), .int(saved.history.count),
            .date(saved.history.last?.at ?? saved.openedAt),
        ]
    }

    // MARK: Reading

    /// The case with its full history, or nil if there is none with this id.
    public func load(_ id: String) throws -> Case? {
        let headers = try db.query("""
            SELECT process_id, reference, opened_at, position, pending_outcome, activations, sop_version
            FROM cases WHERE id = ?
            """, [.text(id)]) { row in
            (row.string(0), row.optionalString(1), row.date(2), row.data(3), row.optionalString(4), row.int(5), row.optionalInt(6))
        }
        guard let (processID, reference, openedAt, position, pendingOutcome, activations, sopVersion) = headers.first else { return nil }
        let history = try db.query("SELECT entry FROM case_history WHERE case_id = ? ORDER BY sequence", [.text(id)]) { row in
            let entry = row.data(0)
            return entry.first == UInt8(ascii: "[") ? try decoder.decode([HistoryEntry].self, from: entry) : [try decoder.decode(HistoryEntry.self, from: entry)]
        }.flatMap { $0 }
        return Case(
            restoring: id, processID: processID, reference: reference, openedAt: openedAt,
            position: try decoder.decode(Case.Position.self, from: position),
            pendingOutcome: pendingOutcome.flatMap(Outcome.init(rawValue:)), activations: activations, history: history, sopVersion: sopVersion)
    }

    /// Cases, newest first, optionally of one SOP, in one status, at one step, and with or without a passed time standard.
    public func list(
        processID: String? = nil, status: CaseSummary.Status? = nil, step: Int? = nil, breached: Bool? = nil, limit: Int = 1000
    ) throws -> [CaseSummary] {
        try summaries(Self.filter(processID, status, step, breached), limit: limit, after: nil)
    }

    /// As ``list(processID:status:step:breached:limit:)``, one page at a time, with how many match in all:
    /// `after` is the id of the last case of the page before.
    public func page(
        processID: String? = nil, status: CaseSummary.Status? = nil, step: Int? = nil, breached: Bool? = nil, limit: Int = 1000,
        after: String? = nil
    ) throws -> Page<CaseSummary> {
        let filter = Self.filter(processID, status, step, breached)
        let total = Int(try db.firstText("SELECT count(*) FROM cases WHERE " + filter.clause, filter.values) ?? "0") ?? 0
        return Page(fetched: try summaries(filter, limit: limit + 1, after: after), limit: limit, total: total, cursor: \.id)
    }

    /// The WHERE clause of a listing's filters (?1 to ?4) and their values.
    private static func filter(_ processID: String?, _ status: CaseSummary.Status?, _ step: Int?, _ breached: Bool?)
        -> (clause: String, values: [SQLiteValue]) {
        ("""
        (?1 IS NULL OR process_id = ?1) AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR active_step = ?3)
          AND (?4 IS NULL OR deadline_passed = ?4)
        """, [.string(processID), .string(status?.rawValue), .int(step), .int(breached.map { $0 ? 1 : 0 })])
    }

    /// Unfiltered, a page walks cases_by_opening in order; filtered (a SOP, a step), the unary + keeps SQLite from
    /// walking that index over every case to skip the sort of the few that match: it finds them by cases_by_process.
    private func summaries(_ filter: (clause: String, values: [SQLiteValue]), limit: Int, after: String?) throws -> [CaseSummary] {
        try db.query("""
            SELECT \(Self.summaryColumns) FROM cases
            WHERE \(filter.clause)
              AND (?6 IS NULL OR (opened_at, id) < (SELECT opened_at, id FROM cases WHERE id = ?6))
            ORDER BY \(filter.values.prefix(4).allSatisfy { $0 == .null } ? "opened_at DESC, id DESC" : "+opened_at DESC, +id DESC")
            LIMIT ?5
            """, filter.values + [.int(limit), .string(after)], Self.summary)
    }

    /// The active cases of one SOP at one step, in no order: what a role's work list reads. A plain equality on each
    /// column, so cases_by_process finds them among the SOP's active cases alone, however many have ended
    /// (`list`'s optional filters cannot use it: measured, /api/tasks's p99 went 4.8 → 18.6 ms over a year's cases).
    public func active(processID: String, step: Int) throws -> [CaseSummary] {
        try db.query("""
            SELECT \(Self.summaryColumns) FROM cases WHERE process_id = ? AND status = 'active' AND active_step = ?
            """, [.text(processID), .int(step)], Self.summary)
    }

    /// A summary from a row of ``summaryColumns``.
    private static func summary(_ row: Row) -> CaseSummary {
        CaseSummary(
            id: row.string(0), processID: row.string(1), reference: row.optionalString(2),
            status: CaseSummary.Status(rawValue: row.string(3)) ?? .active, activeStep: row.optionalInt(4),
            deadline: row.optionalDate(5), deadlinePassed: row.int(6) != 0,
            outcome: row.optionalString(7).flatMap(Outcome.init(rawValue:)),
            openedAt: row.date(8), updatedAt: row.date(9), historyCount: row.int(10), sopVersion: row.optionalInt(11))
    }

    private static let summaryColumns = """
        id, process_id, reference, status, active_step, deadline_at, deadline_passed, outcome, opened_at, updated_at, version, sop_version
        """

    /// The newest cases of one SOP, for a page that shows a few: a walk of cases_by_process_opening from the
    /// newest back that stops at `limit`, however many cases the other SOPs hold.
    public func newest(processID: String, limit: Int) throws -> [CaseSummary] {
        try db.query("""
            SELECT \(Self.summaryColumns) FROM cases INDEXED BY cases_by_process_opening
            WHERE process_id = ? ORDER BY opened_at DESC LIMIT ?
            """, [.text(processID), .int(limit)], Self.summary)
    }

    /// The cases waiting at one step, for the status page's row of that step: the late ones most overdue first
    /// (the partial index cases_late), or those on time soonest due first (cases_by_process); either read stops
    /// at `limit` without sorting the step's cases.
    public func waiting(processID: String, step: Int, late: Bool, limit: Int) throws -> [CaseSummary] {
        let index = late
            ? "cases INDEXED BY cases_late WHERE status = 'active' AND deadline_passed = 1"
            : "cases INDEXED BY cases_by_process WHERE status = 'active' AND outcome IS NULL AND deadline_passed = 0"
        return try db.query("""
            SELECT \(Self.summaryColumns) FROM \(index) AND process_id = ? AND active_step = ? ORDER BY deadline_at LIMIT ?
            """, [.text(processID), .int(step), .int(limit)], Self.summary)
    }

    /// Cases per SOP by status and outcome, with how many of them passed their time standard: the counters
    /// migration 16's triggers keep, so the status page costs the same with 20 cases as with 20,000.
    public func tallies() throws -> [(sop: String, status: CaseSummary.Status, outcome: Outcome?, breached: Bool, count: Int)] {
        try db.query("""
            SELECT process_id, status, outcome, deadline_passed, sum(tallied) FROM case_tallies
            GROUP BY process_id, status, outcome, deadline_passed HAVING sum(tallied) > 0
            """) { row in
            (row.string(0), CaseSummary.Status(rawValue: row.string(1)) ?? .active, Outcome(rawValue: row.string(2)), row.int(3) != 0, row.int(4))
        }
    }

    /// Active cases per SOP and step: how many wait, how many of them are late (the counters), and the earliest
    /// passed time standard (the late cases' index, which holds only them).
    public func waitingBySteps() throws -> [(sop: String, step: Int, waiting: Int, late: Int, earliestLate: Date?)] {
        let earliest = Dictionary(try db.query("""
            SELECT process_id, active_step, min(deadline_at) FROM cases INDEXED BY cases_late
            WHERE status = 'active' AND deadline_passed = 1 GROUP BY process_id, active_step
            """) { row in ("\(row.string(0)) \(row.int(1))", row.optionalDate(2)) }, uniquingKeysWith: { first, _ in first })
        return try db.query("""
            SELECT process_id, active_step, sum(tallied), sum(tallied * deadline_passed) FROM case_tallies
            WHERE status = 'active' AND active_step >= 0 GROUP BY process_id, active_step HAVING sum(tallied) > 0
            """) { row in
            (row.string(0), row.int(1), row.int(2), row.int(3), earliest["\(row.string(0)) \(row.int(1))"] ?? nil)
        }
    }

    /// The active cases of one version of an SOP per step: how many wait, how many of them are late; and how many
    /// active cases follow its other versions (their step numbers are those versions'). For the SOP's page.
    public func waitingBySteps(processID: String, version: Int) throws -> (steps: [Int: (waiting: Int, late: Int)], otherVersions: Int) {
        var steps: [Int: (waiting: Int, late: Int)] = [:]
        var others = 0
        let rows = try db.query("""
            SELECT active_step, sop_version IS ?, count(*), sum(deadline_passed) FROM cases
            WHERE process_id = ? AND status = 'active' GROUP BY 1, 2
            """, [.int(version), .text(processID)]) { row in (row.optionalInt(0), row.int(1) != 0, row.int(2), row.int(3)) }
        for (step, ours, count, late) in rows {
            if ours, let step { steps[step] = (count, late) } else if !ours { others += count }
        }
        return (steps, others)
    }

    /// The SOPs cases were opened on.
    public func processIDs() throws -> [String] {
        try db.query("SELECT DISTINCT process_id FROM cases ORDER BY process_id") { $0.string(0) }
    }

    /// Cases per SOP and state: active, frozen, or their outcome (the counters).
    public func countsByState() throws -> [(sop: String, state: String, count: Int)] {
        try db.query("""
            SELECT process_id, CASE WHEN status IN ('active', 'frozen') THEN status ELSE coalesce(nullif(outcome, ''), 'ended') END AS state,
                   sum(tallied)
            FROM case_tallies GROUP BY process_id, state HAVING sum(tallied) > 0 ORDER BY process_id, state
            """) { ($0.string(0), $0.string(1), $0.int(2)) }
    }

    /// Deadlines not yet passed or cancelled that fall due at or before `time`, oldest first.
    public func pendingDeadlines(dueBy time: Date, limit: Int = 500) throws -> [PendingDeadline] {
        try db.query("""
            SELECT d.case_id, c.process_id, d.step, d.activation, d.due_at
            FROM deadlines d JOIN cases c ON c.id = d.case_id
            WHERE d.state = 'pending' AND d.due_at <= ?
            ORDER BY d.due_at LIMIT ?
            """, [.date(time), .int(limit)]) { row in
            PendingDeadline(caseID: row.string(0), processID: row.string(1), step: row.int(2),
                            activation: row.int(3), dueAt: row.date(4))
        }
    }
}

/// A case as listings show it, without its history.
public struct CaseSummary: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable {
        /// `frozen`: at a step, waiting for OSS to unfreeze its NIB (no task, no running deadline).
        case active, frozen, ended

        public init(_ shown: Case) {
            self = shown.activeStep == nil ? .ended : shown.isFrozen ? .frozen : .active
        }
    }

    public let id: String
    public let processID: String
    public let reference: String?
    public let status: Status
    public let activeStep: Int?
    public let deadline: Date?
    public let deadlinePassed: Bool
    public let outcome: Outcome?
    public let openedAt: Date
    public let updatedAt: Date
    public let historyCount: Int
    /// The version of its SOP the case follows (nil: opened before versions were kept, or not yet stored).
    public var sopVersion: Int?
}

extension CaseSummary {
    /// The summary of a loaded case: what its row in `cases` holds.
    public init(_ shown: Case) {
        let active = shown.activeStep
        self.init(id: shown.id, processID: shown.processID, reference: shown.reference, status: Status(shown),
                  activeStep: active?.step, deadline: active?.deadline, deadlinePassed: active?.deadlinePassed ?? false,
                  outcome: shown.outcome, openedAt: shown.openedAt, updatedAt: shown.history.last?.at ?? shown.openedAt,
                  historyCount: shown.history.count, sopVersion: shown.sopVersion)
    }
}

/// A step deadline that the sweeper should act on.
public struct PendingDeadline: Sendable, Hashable {
    public let caseID: String
    public let processID: String
    public let step: Int
    public let activation: Int
    public let dueAt: Date
}

public enum CaseStoreError: Error, Equatable, CustomStringConvertible {
    case conflict(caseID: String, expectedVersion: Int)
    case noDatabase(path: String)
    case schemaMismatch(path: String, found: Int, known: Int)

    public var description: String {
        switch self {
        case .noDatabase(let path):
            "\(path): no database here: pass --db FILE (the gateway's, 'database' in gerbang.json or GERBANG_DATABASE), or start 'gerbang serve', which creates it"
        case .schemaMismatch(let path, let found, let known):
            found < known
                ? "\(path) has schema version \(found), older than this gerbang's \(known): start 'gerbang serve' on it once, which migrates it"
                : "\(path) has schema version \(found), newer than this gerbang's \(known): use a newer gerbang"
        case .conflict(let id, let version):
            "case \(id) changed since it was read (expected \(version) history entries): load it again and retry the event"
        }
    }
}
