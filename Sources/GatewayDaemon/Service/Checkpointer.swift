import Foundation
import GatewayStore

/// Copies the WAL into the database file on a connection of its own, so the writer never
/// pays for a checkpoint in the middle of a commit and the `.sqlite` file keeps up with
/// what was committed (https://sqlite.org/wal.html#checkpointing).
///
/// Passive: it copies what no reader still needs and waits for nobody. The writer's own
/// automatic checkpoint is off; the WAL file is reused from its start once a checkpoint has
/// caught up, so it stays about the size of what is written between two rounds.
final class Checkpointer: @unchecked Sendable {
    /// Used only on the checkpoint worker's thread.
    private let connection: SQLiteConnection
    private let report: @Sendable (OperatorMessage) -> Void
    private var lastFailure: String?

    /// - Parameter report: told when checkpoints start failing and when they work again.
    init(database path: String, report: @escaping @Sendable (OperatorMessage) -> Void) throws {
        connection = try SQLiteConnection(path: path)
        self.report = report
    }

    /// One round; never asks to run again at once (a round copies everything it can).
    func runOnce() -> Bool {
        do {
            try connection.checkpoint(.passive)
            if lastFailure != nil { report(OperatorMessage(.info, "checkpoint: the WAL is copied into the database file again")) }
            lastFailure = nil
        } catch {
            let text = "\(error)"
            if lastFailure != text { report(OperatorMessage(.error, "checkpoint: cannot copy the WAL into the database file", ["error": text])) }
            lastFailure = text
        }
        return false
    }
}
