import Foundation

/// A message to send to a national system, written in the same transaction
/// as the change that causes it (DESIGN.md rule 3), sent afterwards by the
/// dispatcher. The id and idempotency key stay the same across retries (rule 4).
public struct OutboxMessage: Sendable, Codable, Equatable {
    /// The request as it will go out, without credentials: the dispatcher adds them from the target's configuration.
    public struct Request: Sendable, Codable, Equatable {
        public let method: String
        public let path: String
        public let body: String

        public init(method: String, path: String, body: String) {
            self.method = method
            self.path = path
            self.body = body
        }
    }

    public enum State: String, Sendable, Codable, CaseIterable {
        /// `held`: waits behind a dead letter of its case to the same target (``OutboxMessage/heldBehind``), and goes
        /// when that one is replayed. `cancelled`: never sent, because OSS revoked or cancelled the NIB its case was
        /// about; kept for the record.
        case pending, held, delivered, dead, cancelled
    }

    public let id: String
    public let idempotencyKey: String
    /// oss, siinas, sipro or dpmptsp.
    public let target: String
    /// What it is: receiveLicenseStatus, uploadBAP, applicationStatus, letter, …
    public let kind: String
    public let caseID: String?
    public let idIzin: String?
    public let request: Request
    /// A message to give the case once this one is delivered (the SOP step that waits for it).
    public let onDelivered: String?
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date
    public let createdAt: Date
    public var deliveredAt: Date?
    public var lastStatus: Int?
    public var lastError: String?
    /// When an attempt to a receiver without idempotency began and has not yet been recorded: a crash
    /// between sending and recording leaves it set, and the message may already have been applied.
    public var inFlightSince: Date?
    /// The dead letter of the same case and target this held message waits behind.
    public var heldBehind: String?

    /// Whether a receiver may already hold this message: an earlier attempt was made, or was under way when
    /// the gateway stopped.
    public var mayHaveBeenApplied: Bool { attempts > 0 || inFlightSince != nil }

    public init(id: String, idempotencyKey: String, target: String, kind: String, caseID: String?, idIzin: String?,
                request: Request, onDelivered: String? = nil, createdAt: Date) {
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.target = target
        self.kind = kind
        self.caseID = caseID
        self.idIzin = idIzin
        self.request = request
        self.onDelivered = onDelivered
        self.state = .pending
        self.attempts = 0
        self.nextAttemptAt = createdAt
        self.createdAt = createdAt
    }
}

public final class OutboxStore {
    let db: SQLiteConnection
    private let decoder = StoreCoding.decoder()

    public init(_ db: SQLiteConnection) {
        self.db = db
    }

    /// Queues a message; one with the same idempotency key already queued is kept as it is (returns false).
    /// Behind a dead letter of its case to the same target, it is queued held.
    @discardableResult
    public func enqueue(_ message: OutboxMessage) throws -> Bool {
        let blocker = try message.caseID.flatMap { caseID in
            try db.firstText("""
                SELECT coalesce(held_behind, id) FROM outbox WHERE target = ? AND case_id = ? AND state IN ('dead', 'held')
                ORDER BY rowid LIMIT 1
                """, [.text(message.target), .text(caseID)])
        }
        return try db.run("""
            INSERT INTO outbox (id, idempotency_key, target, kind, case_id, id_izin, request, on_delivered, state, attempts,
                                next_attempt_at, created_at, held_behind)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
            ON CONFLICT (idempotency_key) DO NOTHING
            """, [.text(message.id), .text(message.idempotencyKey), .text(message.target), .text(message.kind), .string(message.caseID),
                  .string(message.idIzin), .text(try StoreCoding.text(message.request)), .string(message.onDelivered),
                  .text(blocker == nil ? "pending" : "held"), .date(message.nextAttemptAt), .date(message.createdAt), .string(blocker)]) == 1
    }

    /// Pending messages for a target whose time has come, oldest first. A message
    /// waits while an earlier one of its case to the same target is still pending,
    /// so a case's messages arrive in the order its steps caused them (SIPRO
    /// refuses "ready for pickup" before the permit number).
    public func due(target: String, at time: Date, limit: Int = 50) throws -> [OutboxMessage] {
        try select("""
            WHERE state = 'pending' AND target = ?1 AND next_attempt_at <= ?2
              AND NOT EXISTS (SELECT 1 FROM outbox earlier WHERE earlier.target = outbox.target AND earlier.case_id = outbox.case_id
                              AND earlier.state = 'pending' AND earlier.rowid < outbox.rowid)
            ORDER BY next_attempt_at, rowid LIMIT ?3
            """, [.text(target), .date(time), .int(limit)])
    }

    /// The newest message to `target` about a permit: the push that carries what the gateway last told of it.
    public func lastMessage(idIzin: String, target: String) throws -> OutboxMessage? {
        try select("WHERE id_izin = ? AND target = ? ORDER BY rowid DESC LIMIT 1", [.text(idIzin), .text(target)]).first
    }

    public func message(_ id: String) throws -> OutboxMessage? {
        try select("WHERE id = ?", [.text(id)]).first
    }

    /// Whether the case has a message of `kind` that was or will be sent: pending, held or delivered (not a dead letter
    /// its receiver never took, nor a cancelled one). Reads no bodies.
    public func hasLive(caseID: String, kind: String) throws -> Bool {
        try db.query("""
            SELECT 1 FROM outbox WHERE case_id = ? AND kind = ? AND state != 'dead' AND state != 'cancelled' LIMIT 1
            """, [.text(caseID), .text(kind)]) { _ in true }.first ?? false
    }

    public func list(state: OutboxMessage.State? = nil, caseID: String? = nil, limit: Int = 500) throws -> [OutboxMessage] {
        try messages(Self.filter(state, caseID, nil), limit: limit, after: nil)
    }

    /// Messages oldest first, one page at a time (`after`: the id of the last message of the page before), with
    /// how many match in all; with `deliveredSince`, messages delivered before it are left out (an operator's
    /// listing hides the old ones).
    public func page(state: OutboxMessage.State? = nil, caseID: String? = nil, deliveredSince: Date? = nil, limit: Int = 500,
                     after: String? = nil) throws -> Page<OutboxMessage> {
        let filter = Self.filter(state, caseID, deliveredSince)
        let total = Int(try db.firstText("SELECT count(*) FROM outbox WHERE " + filter.clause, filter.values) ?? "0") ?? 0
        return Page(fetched: try messages(filter, limit: limit + 1, after: after), limit: limit, total: total, cursor: \.id)
    }

    /// The WHERE clause of a listing's filters (?1 to ?3) and their values.
    private static func filter(_ state: OutboxMessage.State?, _ caseID: String?, _ deliveredSince: Date?) -> (clause: String, values: [SQLiteValue]) {
        ("""
        (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR case_id = ?2)
          AND (?3 IS NULL OR state != 'delivered' OR delivered_at >= ?3)
        """, [.string(state?.rawValue), .string(caseID), .date(deliveredSince)])
    }

    private func messages(_ filter: (clause: String, values: [SQLiteValue]), limit: Int, after: String?) throws -> [OutboxMessage] {
        try select("""
            WHERE \(filter.clause) AND (?5 IS NULL OR (created_at, id) > (SELECT created_at, id FROM outbox WHERE id = ?5))
            ORDER BY created_at, id LIMIT ?4
            """, filter.values + [.int(limit), .string(after)])
    }

    public func counts() throws -> [OutboxMessage.State: Int] {
        var counts: [OutboxMessage.State: Int] = [:]
        for (state, count) in try db.query("SELECT state, count(*) FROM outbox GROUP BY state", [], { ($0.string(0), $0.int(1)) }) {
            if let state = OutboxMessage.State(rawValue: state) { counts[state] = count }
        }
        return counts
    }

    /// Messages per target and state.
    public func countsByTarget() throws -> [String: [OutboxMessage.State: Int]] {
        var counts: [String: [OutboxMessage.State: Int]] = [:]
        for (target, state, count) in try db.query("SELECT target, state, tallied FROM outbox_tallies WHERE tallied > 0", [], {
            ($0.string(0), $0.string(1), $0.int(2))
        }) {
            if let state = OutboxMessage.State(rawValue: state) { counts[target, default: [:]][state] = count }
        }
        return counts
    }

    /// When the oldest pending message of each target was written.
    public func oldestPending() throws -> [String: Date] {
        Dictionary(try db.query("SELECT target, min(created_at) FROM outbox WHERE state = 'pending' GROUP BY target") {
            ($0.string(0), $0.date(1))
        }, uniquingKeysWith: { first, _ in first })
    }

    public func markDelivered(_ id: String, attempt: Int, status: Int, at time: Date) throws {
        try db.run("""
            UPDATE outbox SET state = 'delivered', attempts = ?, last_status = ?, last_error = NULL, delivered_at = ?, in_flight_since = NULL
            WHERE id = ?
            """, [.int(attempt), .int(status), .date(time), .text(id)])
    }

    /// How many messages of the same case with the very same request as `id` were delivered before it.
    public func deliveredAlike(_ id: String) throws -> Int {
        try db.query("""
            SELECT count(*) FROM outbox AS earlier JOIN outbox AS this ON this.id = ?
            WHERE earlier.case_id = this.case_id AND earlier.id != this.id AND earlier.state = 'delivered' AND earlier.request = this.request
            """, [.text(id)]) { $0.int(0) }.first ?? 0
    }

    /// An attempt is about to go: until it is recorded, the message may have been applied (no receiver is trusted to
    /// recognise a repeat), so a crash meanwhile makes the next attempt ask first.
    public func markInFlight(_ id: String, at time: Date) throws {
        try db.run("UPDATE outbox SET in_flight_since = ? WHERE id = ?", [.date(time), .text(id)])
    }

    /// A failed attempt: try again at `nextAttempt`, or, with nil, give up into the dead letters, holding the
    /// messages of its case to the same target queued after it. A message cancelled while its attempt was
    /// under way stays cancelled.
    public func markFailed(_ id: String, attempt: Int, status: Int?, error: String, nextAttempt: Date?) throws {
        try db.atomically {
            try db.run("""
                UPDATE outbox SET state = CASE WHEN state = 'cancelled' THEN state ELSE ? END, attempts = ?, last_status = ?, last_error = ?,
                                  next_attempt_at = coalesce(?, next_attempt_at), in_flight_since = NULL
                WHERE id = ?
                """, [.text(nextAttempt == nil ? "dead" : "pending"), .int(attempt), .int(status), .text(error), .date(nextAttempt), .text(id)])
            guard nextAttempt == nil else { return }
            try db.run("""
                UPDATE outbox SET state = 'held', held_behind = dead.id
                FROM (SELECT id, rowid AS position, target, case_id FROM outbox WHERE id = ? AND state = 'dead') AS dead
                WHERE outbox.state = 'pending' AND outbox.target = dead.target AND outbox.case_id = dead.case_id
                  AND outbox.rowid > dead.position
                """, [.text(id)])
        }
    }

    /// Cancels a case's messages not yet sent (pending, or dead and waiting for a replay), with the reason
    /// in their last error: kept for the record, never sent. Returns their ids.
    @discardableResult
    public func cancel(caseID: String, reason: String) throws -> [String] {
        let ids = try db.query("SELECT id FROM outbox WHERE case_id = ? AND state IN ('pending', 'held', 'dead') ORDER BY created_at, id",
                               [.text(caseID)]) { $0.string(0) }
        try db.run("""
            UPDATE outbox SET state = 'cancelled', last_error = ?, held_behind = NULL WHERE case_id = ? AND state IN ('pending', 'held', 'dead')
            """, [.text(reason), .text(caseID)])
        return ids
    }

    /// What a replay put back in the queue.
    public struct Replayed: Sendable, Equatable {
        /// The dead letters, due now.
        public let deadLetters: [OutboxMessage]
        /// The messages that were held behind them; they go after them, in their order.
        public let released: [OutboxMessage]
    }

    /// Puts one dead letter, or all, back in the queue, due now (an operator's replay), with the messages
    /// held behind them.
    @discardableResult
    public func replay(_ id: String? = nil, at time: Date) throws -> Replayed {
        try db.atomically {
            let dead = try select("WHERE state = 'dead' AND (?1 IS NULL OR id = ?1) ORDER BY rowid", [.string(id)])
            let held = try select("WHERE state = 'held' AND (?1 IS NULL OR held_behind = ?1) ORDER BY rowid", [.string(id)])
            try db.run("UPDATE outbox SET state = 'pending', next_attempt_at = ?, held_behind = NULL WHERE state = 'held' AND (?2 IS NULL OR held_behind = ?2)",
                       [.date(time), .string(id)])
            try db.run("UPDATE outbox SET state = 'pending', next_attempt_at = ? WHERE state = 'dead' AND (?2 IS NULL OR id = ?2)",
                       [.date(time), .string(id)])
            return Replayed(deadLetters: dead, released: held)
        }
    }

    private func select(_ clause: String, _ values: [SQLiteValue]) throws -> [OutboxMessage] {
        try db.query("""
            SELECT id, idempotency_key, target, kind, case_id, id_izin, request, on_delivered, state, attempts, next_attempt_at,
                   created_at, delivered_at, last_status, last_error, in_flight_since, held_behind FROM outbox
            """ + " " + clause, values) { row in
            var message = OutboxMessage(
                id: row.string(0), idempotencyKey: row.string(1), target: row.string(2), kind: row.string(3), caseID: row.optionalString(4),
                idIzin: row.optionalString(5), request: try decoder.decode(OutboxMessage.Request.self, from: row.data(6)),
                onDelivered: row.optionalString(7), createdAt: row.date(11))
            message.state = OutboxMessage.State(rawValue: row.string(8)) ?? .pending
            message.attempts = row.int(9)
            message.nextAttemptAt = row.date(10)
            message.deliveredAt = row.optionalDate(12)
            message.lastStatus = row.optionalInt(13)
            message.lastError = row.optionalString(14)
            message.inFlightSince = row.optionalDate(15)
            message.heldBehind = row.optionalString(16)
            return message
        }
    }
}
