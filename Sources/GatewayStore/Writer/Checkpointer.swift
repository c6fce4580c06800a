import Foundation

/// Copies the WAL into the database file on a connection and a thread of its own, so the writer rarely pays for a
/// checkpoint and the `.sqlite` file keeps up with what was committed (https://sqlite.org/wal.html#checkpointing).
///
/// Passive: it copies what no reader still needs and waits for nobody. The writer's automatic checkpoint is off;
/// the writer itself finishes the copy when the WAL has grown past its bound (``GroupCommitWriter/Checkpoints``),
/// which a writer that never pauses needs: SQLite starts the WAL file again from its beginning only at a write
/// transaction that finds every frame copied, and a copy made beside a writer always trails it.
final class Checkpointer: @unchecked Sendable {
    /// Used only on the checkpointer's thread.
    private let connection: SQLiteConnection
    private let interval: Double
    private let report: @Sendable (String?) -> Void
    private var lastFailure: String?
    private let condition = NSCondition()
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)
    private var started = false

    /// - Parameter report: told the error when checkpoints start failing, and nil when they work again.
    init(database path: String, intervalMilliseconds: Int, report: @escaping @Sendable (String?) -> Void) throws {
        connection = try SQLiteConnection(path: path)
        interval = Double(max(1, intervalMilliseconds)) / 1000
        self.report = report
    }

    /// One round: copies everything it can.
    func runOnce() {
        do {
            try connection.checkpoint(.passive)
            if lastFailure != nil { report(nil) }
            lastFailure = nil
        } catch {
            let text = "\(error)"
            if lastFailure != text { report(text) }
            lastFailure = text
        }
    }

    func start() {
        started = true
        let thread = Thread { [self] in
            condition.lock()
            while !stopping {
                condition.unlock()
                runOnce()
                condition.lock()
                if !stopping { _ = condition.wait(until: Date(timeIntervalSinceNow: interval)) }
            }
            condition.unlock()
            finished.signal()
        }
        thread.name = "gerbang-checkpoint"
        thread.start()
    }

    /// Stops after the round under way and waits for it.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        if started { finished.wait() }
        started = false
    }
}
