import Foundation
import GatewayCore
import GatewayStore

/// One job of the database writer: the stores, the time the job runs at, and
/// the sync log entries it wrote, which the gateway echoes as JSON lines once
/// the group they belong to is committed.
public final class WorkUnit {
    public let database: GatewayDatabase
    public let now: Date
    /// Where others reach the gateway (`listen.publicURL`, or its listen address): the base of the
    /// links to documents it sends.
    public let publicURL: String
    public private(set) var logged: [SyncLogEntry] = []
    /// Services with new work from this job (the dispatchers of targets that got outbox messages, the NIB
    /// checker), woken once it is committed.
    public private(set) var toWake: Set<ServiceName> = []
    /// Whether the job inserted, updated or deleted rows (set after it ran): a commit that proves the storage takes writes.
    public internal(set) var wroteRows = false
    /// Cases this job saved, so that reading one again does not decode its history from the database.
    private var saved: [String: Case] = [:]

    public init(database: GatewayDatabase, now: Date, publicURL: String = "") {
        self.database = database
        self.now = now
        self.publicURL = publicURL
    }

    public func log(_ entry: SyncLogEntry) throws {
        var entry = entry
        entry.id = try database.syncLog.append(entry)
        logged.append(entry)
    }

    /// The case as this job last saved it, else as the database has it.
    func loadCase(_ id: String) throws -> Case? {
        if let known = saved[id] { return known }
        return try database.cases.load(id)
    }

    /// Saves what a transition did and remembers the case for the rest of the job.
    func save(_ transition: Transition) throws {
        try database.cases.save(transition)
        saved[transition.case.id] = transition.case
    }

    /// Wakes a service once this job is committed.
    func wake(_ service: ServiceName) {
        toWake.insert(service)
    }

    /// Queues a message in the outbox, unless one of its id is there already, and wakes its target's dispatcher after the commit.
    func enqueue(_ message: OutboxMessage) throws {
        guard try database.outbox.enqueue(message) else { return }
        wake(.dispatch(message.target))
        try log(SyncLogEntry(at: now, system: message.target, method: message.kind, direction: .outgoing, caseID: message.caseID,
                             idIzin: message.idIzin, messageID: message.id, outcome: "queued"))
    }
}
