import Foundation
import GatewayStore

/// Checks the stored deadlines on a timer: each one due is recorded as a
/// breach and escalated, even if it fell due while the gateway was down
/// (the rows survive a restart, DESIGN.md rule 7). Also raises the warnings
/// for statutory commitment deadlines.
final class SLASweeper: Service {
    let name = ServiceName.sweep
    let intervalMilliseconds: Int
    private let ledger: any Ledger
    private let report: @Sendable (OperatorMessage) -> Void
    /// Deadlines taken in one job; a full batch is followed by another at once.
    static let batch = 200

    init(ledger: any Ledger, intervalMilliseconds: Int, report: @escaping @Sendable (OperatorMessage) -> Void) {
        self.ledger = ledger
        self.intervalMilliseconds = intervalMilliseconds
        self.report = report
    }

    func runOnce() -> Bool {
        do {
            let now = ledger.clock.now()
            let due = try ledger.read { try $0.cases.pendingDeadlines(dueBy: now, limit: Self.batch) }
            let processor = ledger.processor
            try ledger.write { unit in
                for deadline in due { try processor.deadlinePassed(deadline, in: unit) }
                try processor.sweepCommitments(in: unit)
            }
            return due.count == Self.batch
        } catch {
            report(OperatorMessage(.error, "sweep failed: its deadlines stay for the next round", ["service": "sweep", "error": "\(error)"]))
            return false
        }
    }
}
