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
    /// Cases this job changed, as it last left them: what reading one again in the job gives.
    private var saved: [String: Case] = [:]
    /// The transitions of each case changed, in the order the cases were first changed: written by ``finish()``.
    private var unsaved: [(caseID: String, transitions: [Transition])] = []
    /// The case each key looked up or bound in this job belongs to (nil: none yet): a message's key is asked for by
    /// the NIB's lifecycle, the opener and the router in turn.
    private var caseKeys: [String: String?] = [:]

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

    /// The case a key (`izin:<id_izin>`, `siinas:…`) belongs to, if any.
    func caseID(forKey key: String) throws -> String? {
        if let known = caseKeys[key] { return known }
        let found = try database.caseKeys.caseID(for: key)
        caseKeys[key] = .some(found)
        return found
    }

    /// Links a key to a case unless it is linked already; returns the case it is linked to.
    @discardableResult
    func bind(_ key: String, to caseID: String) throws -> String {
        let bound = try database.caseKeys.bind(key, to: caseID)
        caseKeys[key] = .some(bound)
        return bound
    }

    /// The case as this job last saved it, else as the database has it.
    func loadCase(_ id: String) throws -> Case? {
        if let known = saved[id] { return known }
        return try database.cases.load(id)
    }

    /// Keeps what a transition did, to be saved with the case's other transitions of this job when it ends; the rest
    /// of the job reads the case as the transition left it.
    func save(_ transition: Transition) {
        guard !transition.appended.isEmpty else { return }  // a stale event changed nothing
        let id = transition.case.id
        if let index = unsaved.firstIndex(where: { $0.caseID == id }) {
            unsaved[index].transitions.append(transition)
        } else {
            unsaved.append((id, [transition]))
        }
        saved[id] = transition.case
    }

    /// Writes each case the job changed, once: the case as the job left it, the history its transitions appended as
    /// one row, their deadline rows. Run by whoever runs the job, after its work and inside its transaction.
    public func finish() throws {
        for (_, transitions) in unsaved { try database.cases.save(transitions) }
        unsaved = []
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
