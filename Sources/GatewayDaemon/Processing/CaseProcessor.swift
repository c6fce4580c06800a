import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// Applies what reaches the gateway (inbound messages, officers' decisions, passed deadlines, delivery
/// results) to cases, permits and the outbox, inside one writer job: everything one message causes commits
/// together or not at all (DESIGN.md rules 1-3). The engine decides; the pieces here carry it out:
///
/// - ``CaseOpener`` opens the cases a message starts; ``InboundRouter`` takes a message to its cases;
/// - ``EffectApplier`` interprets every engine effect, in one place;
/// - ``CommitmentKeeper`` settles commitments and runs their statutory clock;
/// - ``OfficerActions`` checks and turns officers' requests into events;
/// - ``DeliveryRecorder`` records deliveries, failures and what OSS shows.
///
/// None calls another: each returns ``FollowUp`` work, which ``carryOut(_:in:)`` does depth first.
public final class CaseProcessor: Sendable {
    /// A message as it arrived, kept in the inbox for operators.
    public struct Raw: Sendable {
        public let body: [UInt8]
        /// Header fields with secrets masked.
        public let headers: [[String]]
        /// The HTTP status a pushed message is answered with once its job commits (200), for the sync log;
        /// nil for what the gateway read itself (a feed item, a pull).
        public let answer: Int?

        public init(body: [UInt8], headers: [[String]] = [], answer: Int? = nil) {
            self.body = body
            self.headers = headers
            self.answer = answer
        }
    }

    /// What became of an inbound message.
    public enum Receipt: Sendable, Equatable {
        case accepted(cases: [String])
        /// Seen before: answered as success, nothing changed (DESIGN.md rule 2).
        case duplicate
        /// Authenticated, but about what its sender may not speak of (another NIB's permit): kept as rejected,
        /// answered with `status` and `reason`, nothing applied.
        case refused(status: Int, reason: String)
    }

    let procedures: Procedures
    let opener: CaseOpener
    let router: InboundRouter
    let effects: EffectApplier
    let commitments: CommitmentKeeper
    let officers: OfficerActions
    let deliveries: DeliveryRecorder

    /// The SOPs in force, by id.
    public var definitions: [String: ProcessDefinition] { procedures.definitions }

    /// The SOPs in force and every stored version: what readers look a case's step up in.
    public var library: SOPDefinitions { procedures.library }

    /// - Parameter versions: the SOP versions the database holds (``SOPDefinitions/store(_:in:at:)``); without
    ///   them cases follow the definitions in force.
    public init(definitions: [ProcessDefinition], versions: [StoredSOP] = [], calendar: WorkCalendar, rules: RoutingRules,
                settings: GatewaySettings) {
        procedures = Procedures(SOPDefinitions(inForce: definitions, stored: versions), calendar: calendar,
                                applicantTimeoutWorkingDays: settings.serviceLevels.applicantTimeoutWorkingDays)
        let composer = OutboundComposer(agency: settings.agency, rules: rules, linkDays: settings.documents.linkDays, library: procedures.library)
        opener = CaseOpener(procedures: procedures, rules: rules, regions: settings.agency.kdDaerah, levels: settings.agency.kewenangan)
        router = InboundRouter(procedures: procedures, rules: rules)
        effects = EffectApplier(rules: rules, composer: composer, escalateTo: settings.serviceLevels.escalateTo)
        commitments = CommitmentKeeper(procedures: procedures, rules: rules, levels: settings.serviceLevels, calendar: calendar, composer: composer)
        officers = OfficerActions(procedures: procedures, rules: rules, documents: DocumentIntake(limits: settings.documents))
        deliveries = DeliveryRecorder(composer: composer)
    }

    /// Does the work and all it causes, depth first: what one item causes is done before the items after it.
    func carryOut(_ work: [FollowUp], in unit: WorkUnit) throws {
        var agenda = Array(work.reversed())
        while let item = agenda.popLast() {
            agenda += try perform(item, in: unit).reversed()
        }
    }

    private func perform(_ item: FollowUp, in unit: WorkUnit) throws -> [FollowUp] {
        switch item {
        case .transition(let transition): return try effects.apply(transition, in: unit)
        case .route(let message): return try router.route(message, in: unit).work
        case .deliver(let message, let caseID): return try router.deliver(message, to: caseID, in: unit)
        case .drainParked(let caseID): return try router.drainParked(caseID, in: unit)
        case .settle(let settlement): return try commitments.settle(settlement, in: unit)
        case .agencyDone(let current, let step, let outcome): return try commitments.agencyDone(current, step: step, outcome: outcome, in: unit)
        case .caseEnded(let ended, let outcome, let reason): return try commitments.caseEnded(ended, outcome: outcome, reason: reason, in: unit)
        case .permit(let effect, let record): return try commitments.permitEffect(effect, record: record, in: unit)
        case .statutoryClock(let transition): try commitments.runStatutoryClock(transition, in: unit)
        case .endedByOSS(let caseID, let reference, let reason, let outcome, let method):
            try router.endedByOSS(caseID, reference: reference, reason: reason, outcome: outcome, method: method, in: unit)
        case .log(let entry): try unit.log(entry)
        }
        return []
    }

    // MARK: Inbound messages

    /// Keeps the message in the inbox and applies it, unless it was seen before.
    /// - Parameter pulledBy: the method the gateway asked OSS with (inqueryNIB), when it pulled the message
    ///   rather than received it: logged as `recovered` when new and `unchanged` when already known.
    public func receive(_ message: InboundMessage, raw: Raw, in unit: WorkUnit, pulledBy: String? = nil) throws -> Receipt {
        let db = unit.database
        if let repeated = try db.inbox.find(dedupKey: message.dedupKey) {
            // The repeat names the case its first delivery touched, so a case's log shows its duplicates too.
            let firstCase = try db.inbox.cases(of: repeated.id).first
            try unit.log(SyncLogEntry(at: unit.now, system: message.system, method: pulledBy ?? message.method, direction: .incoming,
                                      caseID: firstCase, idIzin: message.idIzin, messageID: message.messageID, httpStatus: raw.answer,
                                      outcome: pulledBy == nil ? "duplicate" : "unchanged"))
            return .duplicate
        }
        // OSS's Token is computed over one NIB (oss-rba.md §1.3): it proves the sender may speak of that NIB's
        // permits, not another's. A captured Token must not relabel any permit the gateway holds.
        // A pull is OSS's own answer to the gateway's question, not a push someone may have forged: no such check.
        if pulledBy == nil, let problem = try permitsOfAnotherNIB(message, in: db) {
            try reject(system: message.system, method: message.method, raw: raw, reason: problem, status: 403, in: unit)
            return .refused(status: 403, reason: problem)
        }
        // OSS signed a permit (PIA receiveFileDS): its document belongs to the permit, whichever step awaits anything.
        if message.name == "oss.receiveFileDS", let idIzin = message.idIzin, let url = message.attributes["file_izin"], !url.isEmpty {
            try db.permits.recordSignedDocument(idIzin, url: url, at: unit.now)
        }
        var touched: [String] = []
        func reached(_ cases: [String], work: [FollowUp]) throws {
            try carryOut(work, in: unit)
            for caseID in cases where !touched.contains(caseID) { touched.append(caseID) }
        }
        // A NIB revoked, cancelled, unfrozen or updated acts on its cases first; a frozen one freezes them last.
        let lifecycle = NIBLifecycle(message)
        let nib = lifecycle == nil ? nil : message.attributes["nib"]
        // The cases of the NIB's permits the gateway holds already: none for a NIB new to it.
        let nibCases = try nib.map { try db.permits.caseIDs(ofNIB: $0) } ?? []
        if lifecycle?.appliesLast == false {
            let applied = try router.applyNIBLifecycle(message, body: raw.body, nibCases: nibCases, in: unit)
            try reached(applied.cases, work: applied.work)
        }
        var notOurs: [String] = []
        if lifecycle?.ends != true {
            let opened = try opener.open(for: message, in: unit)
            notOurs = opened.notOurs
            // A NIB OSS pushed that the gateway had no permit of: checked with OSS once the push is answered.
            if let nib, nibCases.isEmpty, pulledBy == nil, !opened.cases.isEmpty { try queueCheck(of: nib, in: unit) }
            try reached(opened.cases, work: opened.work)  // before routing: the message may be for a case it opened
            let routed = try router.route(RoutedMessage(message), in: unit)
            try reached(routed.cases, work: routed.work)
        }
        if lifecycle?.appliesLast == true {
            let applied = try router.applyNIBLifecycle(message, body: raw.body, nibCases: nibCases, in: unit)
            try reached(applied.cases, work: applied.work)
        }
        // Kept as it ended. Every permit of it was another's to handle: kept, visible among the ignored messages with why.
        let ignored = touched.isEmpty && !notOurs.isEmpty && notOurs.count == message.permits.count
        try db.inbox.keep(source: message.system, kind: message.name, dedupKey: message.dedupKey, body: raw.body, headers: raw.headers,
                          at: unit.now, state: ignored ? .ignored : .processed,
                          error: ignored ? "bukan kewenangan dinas: " + notOurs.joined(separator: "; ") : nil, cases: ignored ? [] : touched)
        try unit.log(SyncLogEntry(
            at: unit.now, system: message.system, method: pulledBy ?? message.method, direction: .incoming, caseID: touched.first,
            idIzin: message.idIzin ?? message.permits.first?.idIzin, messageID: message.messageID, httpStatus: raw.answer,
            outcome: pulledBy == nil ? "accepted" : "recovered",
            error: message.tolerated.isEmpty ? nil : "tolerated: " + message.tolerated.joined(separator: "; ")))
        return .accepted(cases: touched)
    }

    // MARK: NIB checks

    /// Queues the check of a NIB new to the gateway in the push's own commit; ``NIBChecker`` asks OSS once the push
    /// is answered (the push never waits on OSS) and its cases wait on OSS until then. A pulled NIB (inqueryNIB) is
    /// OSS's answer of now and needs none.
    private func queueCheck(of nib: String, in unit: WorkUnit) throws {
        try unit.database.nibChecks.queue(nib, at: unit.now)
        unit.wake(.checkNIB)
    }

    /// What asking OSS about a NIB (checkNIB) came to.
    public enum NIBCheck: Sendable, Equatable {
        /// OSS answered, with the NIB's status (Lampiran 14) when it gave one.
        case status(String?)
        /// OSS does not know the NIB ("Data NIB tidak ditemukan").
        case unknown
        /// No answer (OSS down, slow, or answering an error).
        case failed(String)
    }

    /// Applies what OSS said of a NIB checked after its push: one frozen (05) or revoked (06) since freezes or ends
    /// its cases, in their history and the sync log; otherwise, and when OSS did not answer, the NIB goes on as
    /// pushed (the periodic pull asks about it again). Either way its cases wait no longer, and the check is logged.
    public func nibChecked(_ nib: String, _ check: NIBCheck, latencyMilliseconds: Double, in unit: WorkUnit) throws {
        let db = unit.database
        try db.nibChecks.remove(nib)
        let cases = try db.permits.caseIDs(ofNIB: nib)
        var outcome = "checked", note: String, work: [FollowUp] = []
        switch check {
        case .status(let status?):
            note = "status_nib \(status)"
            let applied = try router.applyNIBChecked(nib, statusNIB: status, cases: cases, in: unit)
            if !applied.cases.isEmpty { note += ": OSS says \(status) now, since its push: \(applied.cases.joined(separator: ", ")) follow" }
            work = applied.work
        case .status(nil):
            note = "status_nib tidak disebut: the NIB goes on as pushed"
        case .unknown:
            outcome = "unknown"
            note = "OSS does not know NIB \(nib): the NIB goes on as pushed"
        case .failed(let error):
            outcome = "failed"
            note = "\(error); the NIB goes on as pushed"
        }
        try unit.log(SyncLogEntry(at: unit.now, system: "oss", method: "checkNIB", direction: .outgoing, caseID: cases.first, messageID: nib,
                                  latencyMilliseconds: latencyMilliseconds, outcome: outcome, error: note))
        try carryOut(work, in: unit)
    }

    /// Why an OSS message may not be applied: it names a permit the gateway holds under another NIB than the one
    /// the message (and its Token) is for. Nil when every permit it names is unknown or the NIB's own.
    private func permitsOfAnotherNIB(_ message: InboundMessage, in db: GatewayDatabase) throws -> String? {
        guard message.system == "oss", let nib = message.attributes["nib"] else { return nil }
        for idIzin in message.permits.map(\.idIzin) + [message.idIzin].compactMap({ $0 }) {
            if let owner = try db.permits.nib(of: idIzin), owner != nib {
                return "id_izin \(idIzin) belongs to another NIB than \(nib): a message may only name its own NIB's permits"
            }
        }
        return nil
    }

    /// What is kept of a rejected message at most: enough for an operator to see what came, never a disk a
    /// sender fills (a body past it keeps its first bytes, and its size and SHA-256 are in the reason).
    public static let rejectedBytesKept = 64 * 1024
    /// Rejected messages kept per system within an hour; past it only the sync-log line (size and hash) is.
    public static let rejectedKeptPerHour = 1_000

    /// Keeps a message that could not be read, with the reason, for operators (DESIGN.md rule 8), within
    /// ``rejectedBytesKept`` and the system's ``rejectedKeptPerHour``.
    /// - Parameter status: the HTTP status the sender is answered with, when it pushed the message.
    public func reject(system: String, method: String, raw: Raw, reason: String, status: Int? = nil, in unit: WorkUnit) throws {
        let hash = Digest.sha256Hex(raw.body)
        var detail = reason
        // Keyed by content, so a sender retrying the same broken message does not fill the inbox.
        let key = "rejected:\(system):\(method):" + hash
        if try unit.database.inbox.find(dedupKey: key) == nil {
            if try unit.database.inbox.rejectedCount(source: system, since: unit.now.addingTimeInterval(-3600)) >= Self.rejectedKeptPerHour {
                detail += " (not kept: \(Self.rejectedKeptPerHour) rejected \(system) messages were kept within the hour; "
                    + "\(raw.body.count) bytes, sha256 \(hash))"
            } else {
                let whole = raw.body.count <= Self.rejectedBytesKept
                if !whole { detail += " (kept its first \(Self.rejectedBytesKept) of \(raw.body.count) bytes; sha256 \(hash))" }
                try unit.database.inbox.keep(source: system, kind: "\(system).\(method)", dedupKey: key,
                                             body: whole ? raw.body : Array(raw.body.prefix(Self.rejectedBytesKept)), headers: raw.headers,
                                             at: unit.now, state: .rejected, error: detail)
            }
        }
        try unit.log(SyncLogEntry(at: unit.now, system: system, method: method, direction: .incoming, httpStatus: status, outcome: "rejected",
                                  error: detail))
    }

    /// Logs a push refused before its body was read or kept, because its sender did not authenticate: it proved
    /// nothing, so nothing of it is kept but its size and hash, and the address it came from (docs/security.md).
    public func refuse(system: String, method: String, size: Int, sha256: String, from client: String, reason: String, status: Int,
                       in unit: WorkUnit) throws {
        try unit.log(SyncLogEntry(at: unit.now, system: system, method: method, direction: .incoming, messageID: client, httpStatus: status,
                                  outcome: "rejected", error: "\(reason) (not kept: \(size) bytes, sha256 \(sha256), from \(client))"))
    }

    // MARK: Officers

    /// Completes (or returns as incomplete) the active step for an officer holding its role.
    public func decide(_ decision: OfficerDecision, on caseID: String, by officer: Secrets.RoleToken, in unit: WorkUnit) throws -> Case {
        try carryOut(officers.decide(decision, on: caseID, by: officer, in: unit), in: unit)
        return try unit.loadCase(caseID) ?? { throw ProcessingError.caseNotFound(caseID) }()
    }

    /// Attaches a document to the active step without completing it (a draft, a letter), for an officer holding its role.
    public func attach(_ document: OfficerDecision.Document, step number: Int, note: String?, on caseID: String, by officer: Secrets.RoleToken,
                       in unit: WorkUnit) throws -> Case {
        try carryOut(officers.attach(document, step: number, note: note, on: caseID, by: officer, in: unit), in: unit)
        return try unit.loadCase(caseID) ?? { throw ProcessingError.caseNotFound(caseID) }()
    }

    /// The tightest limit on a document attached to the case's `step`: the receiver that takes the smallest file, if any.
    public func documentReceiver(of step: Step, in current: Case) -> (name: String, maxBytes: Int)? {
        officers.receivers(of: step, in: current).map(\.receiver).min { $0.maxBytes < $1.maxBytes }
    }

    /// Closes an open case before its SOP ends (the Kepala Dinas or an administrator, with a reason): it ends withdrawn.
    public func withdraw(_ caseID: String, reason: String, by officer: Secrets.RoleToken, in unit: WorkUnit) throws -> Case {
        try carryOut(officers.withdraw(caseID, reason: reason, by: officer, in: unit), in: unit)
        return try unit.loadCase(caseID) ?? { throw ProcessingError.caseNotFound(caseID) }()
    }

    /// An officer attempt that was refused for the role, kept in the sync log for the operators (issue: 403s are logged).
    public func refusedAttempt(_ error: ProcessingError, on caseID: String, action: String, by officer: String?, in unit: WorkUnit) throws {
        try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: action, direction: .incoming, caseID: caseID,
                                  messageID: officer, httpStatus: error.status, outcome: "forbidden", error: error.description))
    }

    // MARK: SOP versions

    /// A case `gerbang sop migrate` moved, or would move on a dry run.
    public struct MovedCase: Sendable, Equatable, Codable {
        public let caseID: String
        public let fromStep: Int
        public let toStep: Int
    }

    /// What a migration did: the cases moved, and those left on the old version with why (a frozen case
    /// has no deadline or task to move; it finishes on its version or is moved after OSS makes its NIB active).
    public struct MigrationResult: Sendable, Equatable, Codable {
        public var moved: [MovedCase] = []
        public var left: [String: String] = [:]
    }

    /// Moves every open case of `migration.from` to `migration.to`, each at the step the map gives for the
    /// step it waits at, or none when a waited-at step is not mapped or is mapped to a step the new version
    /// lacks. Each move is in the case's history and the sync log (method `sop.migrate`).
    /// - Parameter dryRun: checks and lists what would move, and changes nothing.
    public func migrate(_ migration: SOPMigration, by officer: String, dryRun: Bool, in unit: WorkUnit) throws -> MigrationResult {
        let sop = migration.sopID
        guard let old = library.definition(sop, version: migration.from) else { throw ProcessingError.unknownSOPVersion(sop: sop, version: migration.from) }
        guard let engine = procedures.engine(sop, version: migration.to) else {
            throw ProcessingError.unknownSOPVersion(sop: sop, version: migration.to)
        }
        let open = try unit.database.sopVersions.openCases(sop, version: migration.from)
        let waiting = Dictionary(open.compactMap { $0.step.map { ($0, 1) } }, uniquingKeysWith: +)
        let problems = migration.problems(old: old, new: engine.definition, waiting: waiting)
        guard problems.isEmpty else { throw ProcessingError.migrationRefused(sop: sop, problems: problems) }
        var result = MigrationResult()
        for (caseID, step) in open {
            guard let step, let target = migration.steps[step], let current = try unit.loadCase(caseID) else { continue }
            if current.isFrozen {
                result.left[caseID] = "frozen: OSS froze its NIB; it finishes on version \(migration.from) unless moved once active again"
                continue
            }
            result.moved.append(MovedCase(caseID: caseID, fromStep: step, toStep: target))
            guard !dryRun else { continue }
            try carryOut([.transition(engine.migrated(current, toStep: target, note: "by \(officer)", at: unit.now))], in: unit)
            try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "sop.migrate", direction: .incoming, caseID: caseID,
                                      outcome: "migrated",
                                      error: "\(sop) version \(migration.from) step \(step) → version \(migration.to) step \(target), by \(officer)"))
        }
        return result
    }

    // MARK: Time

    /// The sweeper found a deadline due: record the breach and escalate it.
    public func deadlinePassed(_ deadline: PendingDeadline, in unit: WorkUnit) throws {
        guard let current = try unit.loadCase(deadline.caseID), let engine = procedures.engine(of: current),
              let transition = try? engine.handle(.deadlinePassed(step: deadline.step, activation: deadline.activation), on: current, at: unit.now),
              !transition.appended.isEmpty || !transition.effects.isEmpty else {
            // Its step was left without the cancel reaching the row: set aside, or the sweeper would offer it for ever.
            return try unit.database.cases.markDeadline(caseID: deadline.caseID, activation: deadline.activation, .cancelled)
        }
        try carryOut([.transition(transition)], in: unit)
    }

    /// The work calendar changed (a year's SKB list arrived): every active step's deadline is computed
    /// again with it (DESIGN.md rule 12), each move kept in its case's history. Returns how many moved.
    @discardableResult
    public func recomputeDeadlines(in unit: WorkUnit) throws -> Int {
        var moved = 0
        for summary in try unit.database.cases.list(status: .active, limit: 1_000_000) where summary.deadline != nil && !summary.deadlinePassed {
            guard let current = try unit.loadCase(summary.id), let engine = procedures.engine(of: current) else { continue }
            let transition = try engine.transition(.recomputeDeadline, on: current, at: unit.now)
            guard !transition.appended.isEmpty else { continue }
            try effects.record(transition, in: unit)  // a moved deadline, nothing else: its step stays as it was
            moved += 1
        }
        moved += try commitments.recomputeDue(in: unit)
        try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "calendar.changed", direction: .incoming, outcome: "accepted",
                                  error: "\(moved) deadline\(moved == 1 ? "" : "s") of active steps and statutory clocks moved with the new work calendar"))
        return moved
    }

    /// Warns once for each commitment whose statutory deadline is near, and records and escalates
    /// once each one that passed with the commitment pending.
    public func sweepCommitments(in unit: WorkUnit) throws {
        try carryOut(commitments.sweep(in: unit), in: unit)
    }

    // MARK: Deliveries

    /// The dispatcher delivered a message: record it, and give the case the message a step awaits, if any.
    /// - Parameter note: how the delivery was known, when not by the answer to this attempt (OSS showing it applied).
    public func delivered(_ message: OutboxMessage, attempt: Int, status: Int, latencyMilliseconds: Double, reply: [UInt8] = [],
                          note: String? = nil, in unit: WorkUnit) throws {
        try carryOut(deliveries.delivered(message, attempt: attempt, status: status, latencyMilliseconds: latencyMilliseconds, reply: reply,
                                          note: note, in: unit), in: unit)
    }

    /// An attempt failed: schedule the next one, or, after the last or for a failure retrying cannot fix, a dead letter.
    @discardableResult
    func failed(
        _ message: OutboxMessage, attempt: Int, status: Int?, error: String, permanent: Bool, latencyMilliseconds: Double,
        retry: GatewaySettings.RetrySchedule, random: Double, in unit: WorkUnit
    ) throws -> DeliveryRecorder.Outcome {
        try deliveries.failed(message, attempt: attempt, status: status, error: error, permanent: permanent,
                              latencyMilliseconds: latencyMilliseconds, retry: retry, random: random, in: unit)
    }

    /// What checkLicenseStatus said about a permit: recorded, and given to a step awaiting it when it settles
    /// the permit. An attachment OSS shows that the agency did not send (an applicant's upload) is a message
    /// of its own, once.
    public func reconciled(idIzin: String, code: OSSStatusCode, description: String?, fileLampiran: String? = nil, raw: Raw,
                           in unit: WorkUnit) throws {
        if let shown = try deliveries.attachmentShown(idIzin: idIzin, code: code, fileLampiran: fileLampiran, in: unit) {
            _ = try receive(shown, raw: raw, in: unit)
        }
        if let status = try deliveries.statusShown(idIzin: idIzin, code: code, description: description, in: unit) {
            _ = try receive(status, raw: raw, in: unit)
        }
    }
}
