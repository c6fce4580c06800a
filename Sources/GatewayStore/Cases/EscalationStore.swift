import Foundation

/// Time standards missed, and to whom they were escalated.
public final class EscalationStore {
    public struct Escalation: Sendable, Codable, Equatable {
        public let caseID: String
        public let step: Int
        public let role: String
        public let escalatedTo: String?
        public let deadline: Date
        public let at: Date

        public init(caseID: String, step: Int, role: String, escalatedTo: String?, deadline: Date, at: Date) {
            self.caseID = caseID
            self.step = step
            self.role = role
            self.escalatedTo = escalatedTo
            self.deadline = deadline
            self.at = at
        }
    }

    let db: SQLiteConnection

    public init(_ db: SQLiteConnection) {
        self.db = db
    }

    /// Breaches recorded per SOP and step.
    public func countsByStep() throws -> [(sop: String, step: Int, count: Int)] {
        try db.query("""
            SELECT c.process_id, e.step, count(*) FROM escalations e JOIN cases c ON c.id = e.case_id
            GROUP BY c.process_id, e.step ORDER BY c.process_id, e.step
            """) { ($0.string(0), $0.int(1), $0.int(2)) }
    }

    public func record(_ escalation: Escalation) throws {
        try db.run("INSERT INTO escalations (case_id, step, role, escalated_to, deadline, at) VALUES (?, ?, ?, ?, ?, ?)",
                   [.text(escalation.caseID), .int(escalation.step), .text(escalation.role), .string(escalation.escalatedTo),
                    .date(escalation.deadline), .date(escalation.at)])
    }

    public func list(caseID: String? = nil) throws -> [Escalation] {
        try db.query("SELECT case_id, step, role, escalated_to, deadline, at FROM escalations WHERE (?1 IS NULL OR case_id = ?1) ORDER BY id",
                     [.string(caseID)]) { row in
            Escalation(caseID: row.string(0), step: row.int(1), role: row.string(2), escalatedTo: row.optionalString(3),
                       deadline: row.date(4), at: row.date(5))
        }
    }
}
