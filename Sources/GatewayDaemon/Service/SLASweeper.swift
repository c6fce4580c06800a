import Foundation
import GatewayStore

/// Checks the stored deadlines on a timer: each one due is recorded as a
/// breach and escalated, even if it fell due while the gateway was down
/// (the rows survive a restart, DESIGN.md rule 7). Also raises the warnings
/// for statutory commitment deadlines.
final class SLASweeper: Sendable {
    private let runtime: GatewayRuntime

    init(runtime: GatewayRuntime) {
        self.runtime = runtime
    }

    func runOnce() -> Bool {
        do {
            let now = runtime.clock.now()
            let due = try runtime.read { try $0.cases.pendingDeadlines(dueBy: now, limit: 200) }
            try runtime.write { [runtime] unit in
                for deadline in due { try runtime.processor.deadlinePassed(deadline, in: unit) }
                try runtime.processor.sweepCommitments(in: unit)
            }
            return due.count == 200
        } catch {
            runtime.options.operatorLog("sweep: \(error)")
            return false
        }
    }
}
