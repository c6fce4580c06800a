import Foundation
import GatewayStore

/// One job of the database writer: the stores, the time the job runs at, and
/// the sync log entries it wrote, which the gateway echoes as JSON lines once
/// the group they belong to is committed.
public final class WorkUnit {
    public let database: GatewayDatabase
    public let now: Date
    public private(set) var logged: [SyncLogEntry] = []
    /// Targets that got new outbox messages, so their dispatchers can look now.
    public private(set) var queuedTargets: Set<String> = []

    public init(database: GatewayDatabase, now: Date) {
        self.database = database
        self.now = now
    }

    public func log(_ entry: SyncLogEntry) throws {
        var entry = entry
        entry.id = try database.syncLog.append(entry)
        logged.append(entry)
    }

    func queued(_ target: String) {
        queuedTargets.insert(target)
    }
}
