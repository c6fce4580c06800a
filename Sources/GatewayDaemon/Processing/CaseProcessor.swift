import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// Applies what reaches the gateway (inbound messages, officers' decisions,
/// passed deadlines, delivery results) to cases, permits and the outbox,
/// inside one writer job: everything one message causes commits together or
/// not at all (DESIGN.md rules 1-3). The engine decides; this carries out.
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
    }

    /// An officer's decision on the active step, as the API receives it.
    public struct Decision: Sendable, Codable, Equatable {
        public struct Document: Sendable, Codable, Equatable {
            public let name: String
            public let contentType: String
            public let base64: String

            public init(name: String, contentType: String, base64: String) {
                self.name = name
                self.contentType = contentType
                self.base64 = base64
            }
        }

        public let step: Int
        public let answer: Answer?
        public let note: String?
        public let attributes: [String: String]?
        public let document: Document?
        /// Send the application back to the applicant as incomplete instead of completing the step.
        public let returnIncomplete: Bool?

        public init(step: Int, answer: Answer? = nil, note: String? = nil, attributes: [String: String]? = nil,
                    document: Document? = nil, returnIncomplete: Bool? = nil) {
            self.step = step
            self.answer = answer
            self.note = note
            self.attributes = attributes
            self.document = document
            self.returnIncomplete = returnIncomplete
        }
    }

    /// A message on its way to a case, as parked when it came before the case could take it.
    struct Routed: Sendable, Codable, Equatable {
        let system: String
        let inbound: String
        let messageID: String
        let keys: [String]
        let idIzin: String?
        let answer: Answer?
        let note: String?
        let attributes: [String: String]
        /// The step message it carries, once known (parked under a case); nil when parked under a key.
        let step: String?
    }

    public let definitions: [String: ProcessDefinition]
    let engines: [String: WorkflowEngine]
    let rules: RoutingRules
    let levels: GatewaySettings.ServiceLevels
    let calendar: WorkCalendar
    let composer: OutboundComposer
    let documentLimits: GatewaySettings.Documents

    public init(definitions: [ProcessDefinition], calendar: WorkCalendar, rules: RoutingRules, settings: GatewaySettings) {
        self.definitions = Dictionary(definitions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        engines = self.definitions.mapValues { WorkflowEngine(definition: $0, calendar: calendar) }
        self.rules = rules
        levels = settings.serviceLevels
        self.calendar = calendar
        composer = OutboundComposer(agency: settings.agency, rules: rules, linkDays: settings.documents.linkDays)
        documentLimits = settings.documents
    }

    // MARK: Inbound messages

    /// Keeps the message in the inbox and applies it, unless it was seen before.
    /// - Parameter pulledBy: the method the gateway asked OSS with (inqueryNIB), when it pulled the message
    ///   rather than received it: logged as `recovered` when new and `unchanged` when already known.
    public func receive(_ message: InboundMessage, raw: Raw, in unit: WorkUnit, pulledBy: String? = nil) throws -> Receipt {
        let db = unit.database
        let admission = try db.inbox.admit(source: message.system, kind: message.name, dedupKey: message.dedupKey, body: raw.body,
                                           headers: raw.headers, at: unit.now)
        guard case .new(let inboxID) = admission else {
            // The repeat names the case its first delivery touched, so a case's log shows its duplicates too.
            let repeated: Int? = if case .repeated(let id, _) = admission { id } else { nil }
            let firstCase = try repeated.flatMap { try db.inbox.cases(of: $0).first }
            try unit.log(SyncLogEntry(at: unit.now, system: message.system, method: pulledBy ?? message.method, direction: .incoming,
                                      caseID: firstCase, idIzin: message.idIzin, messageID: message.messageID, httpStatus: raw.answer,
                                      outcome: pulledBy == nil ? "duplicate" : "unchanged"))
            return .duplicate
        }
        // OSS signed a permit (PIA receiveFileDS): its document belongs to the permit, whichever step awaits anything.
        if message.name == "oss.receiveFileDS", let idIzin = message.idIzin, let url = message.attributes["file_izin"], !url.isEmpty {
            try db.permits.recordSignedDocument(idIzin, url: url, at: unit.now)
        }
        // A NIB revoked, cancelled, unfrozen or updated acts on its cases first; a frozen one freezes them last.
        let lifecycle = NIBLifecycle(message)
        var touched = lifecycle?.appliesLast == false ? try applyNIBLifecycle(message, inboxID: inboxID, in: unit) : []
        var notOurs: [String] = []
        if lifecycle?.ends != true {
            let opened = try open(for: message, in: unit)
            notOurs = opened.notOurs
            for caseID in opened.cases where !touched.contains(caseID) { touched.append(caseID) }
            let routed = Routed(system: message.system, inbound: message.name, messageID: message.messageID, keys: message.keys,
                                idIzin: message.idIzin, answer: message.answer, note: message.note, attributes: message.attributes, step: nil)
            for caseID in try route(routed, in: unit) where !touched.contains(caseID) { touched.append(caseID) }
        }
        if lifecycle?.appliesLast == true {
            for caseID in try applyNIBLifecycle(message, inboxID: inboxID, in: unit) where !touched.contains(caseID) { touched.append(caseID) }
        }
        // Every permit of it was another's to handle: kept, visible among the ignored messages with why.
        if touched.isEmpty, !notOurs.isEmpty, notOurs.count == message.permits.count {
            try db.inbox.settle(inboxID, state: "ignored", error: "bukan kewenangan dinas: " + notOurs.joined(separator: "; "))
        } else {
            try db.inbox.settle(inboxID, state: "processed", cases: touched)
        }
        try unit.log(SyncLogEntry(
            at: unit.now, system: message.system, method: pulledBy ?? message.method, direction: .incoming, caseID: touched.first,
            idIzin: message.idIzin ?? message.permits.first?.idIzin, messageID: message.messageID, httpStatus: raw.answer,
            outcome: pulledBy == nil ? "accepted" : "recovered",
            error: message.tolerated.isEmpty ? nil : "tolerated: " + message.tolerated.joined(separator: "; ")))
        return .accepted(cases: touched)
    }

    /// Keeps a message that could not be read, with the reason, for operators (DESIGN.md rule 8).
    /// - Parameter status: the HTTP status the sender is answered with, when it pushed the message.
    public func reject(system: String, method: String, raw: Raw, reason: String, status: Int? = nil, in unit: WorkUnit) throws {
        // Keyed by content, so a sender retrying the same broken message does not fill the inbox.
        let key = "rejected:\(system):\(method):" + Digest.sha256Hex(raw.body)
        if case .new(let id) = try unit.database.inbox.admit(source: system, kind: "\(system).\(method)", dedupKey: key, body: raw.body,
                                                             headers: raw.headers, at: unit.now) {
            try unit.database.inbox.settle(id, state: "rejected", error: reason)
        }
        try unit.log(SyncLogEntry(at: unit.now, system: system, method: method, direction: .incoming, httpStatus: status, outcome: "rejected",
                                  error: reason))
    }

    /// Opens the cases a message starts, per the open rules; returns their ids, and why each permit
    /// that is not the agency's was left alone (each also logged).
    private func open(for message: InboundMessage, in unit: WorkUnit) throws -> (cases: [String], notOurs: [String]) {
        var opened: [String] = []
        var leftAlone: [String] = []
        let rules = self.rules.open.filter { $0.on == message.name }
        guard !rules.isEmpty else { return ([], []) }
        if message.permits.isEmpty {
            if let rule = rules.first(where: { RoutingRules.matches($0.when, message.attributes) }) {
                opened += try openCase(rule, keys: message.keys, reference: message.reference, permit: nil, message: message, in: unit)
            }
            return (opened, [])
        }
        for permit in message.permits {
            if let reason = notOurs(permit) {
                leftAlone.append("\(permit.idIzin): \(reason)")
                try unit.log(SyncLogEntry(at: unit.now, system: message.system, method: message.method, direction: .incoming,
                                          idIzin: permit.idIzin, messageID: message.messageID, outcome: "notOurs", error: reason))
                continue
            }
            guard let rule = rules.first(where: { RoutingRules.matches($0.when, permit.fields) }) else { continue }
            opened += try openCase(rule, keys: ["izin:\(permit.idIzin)"], reference: permit.idIzin, permit: permit, message: message, in: unit)
        }
        return (opened, leftAlone)
    }

    /// Lampiran 28's flags, as the pages say them.
    static let checklistFlags = ["Y": "Komitmen", "N": "Tidak Komitmen", "O": "Otomatis Terbit", "T": "Tidak Butuh Komitmen (Tembusan)"]

    /// Why a checklist item is not this agency's to act on, or nil when it is: its flag does not ask the agency
    /// to act (Lampiran 28), or it lies outside the agency's region (agency.kdDaerah, Permendagri 72/2019 codes).
    private func notOurs(_ permit: InboundMessage.Permit) -> String? {
        let flag = (permit.fields["flag_checklist"] ?? "").uppercased()
        guard rules.actingFlags.contains(flag) else {
            return "flag_checklist \(flag.isEmpty ? "kosong" : flag)" + (Self.checklistFlags[flag].map { " (\($0))" } ?? "")
                + ": tidak perlu ditindaklanjuti dinas (routing.json flagChecklist \(rules.actingFlags.joined(separator: ", ")))"
        }
        let regions = composer.agency.kdDaerah
        guard !regions.isEmpty else { return nil }
        guard let daerah = permit.fields["kd_daerah"] else { return "tanpa kd_daerah: wilayahnya tidak diketahui (agency.kdDaerah)" }
        guard regions.contains(where: { daerah.hasPrefix($0) }) else {
            return "kd_daerah \(daerah) di luar wilayah dinas (agency.kdDaerah \(regions.joined(separator: ", ")))"
        }
        return nil
    }

    /// Opens one case unless one of its keys already has a case (a re-delivered or updated NIB).
    private func openCase(
        _ rule: RoutingRules.OpenRule, keys: [String], reference: String?, permit: InboundMessage.Permit?, message: InboundMessage,
        in unit: WorkUnit
    ) throws -> [String] {
        let db = unit.database
        for key in keys {
            if let existing = try db.caseKeys.caseID(for: key) { return [existing] }
        }
        guard let engine = engines[rule.sop] else { return [] }
        let prefix = self.rules.prefix(of: rule.sop)
        let year = JakartaTime.day(unit.now).prefix(4)
        let number = try db.caseKeys.next("\(prefix)-\(year)")
        let caseID = "\(prefix)-\(year)-" + String(repeating: "0", count: max(0, 6 - String(number).count)) + String(number)
        for key in keys { try db.caseKeys.bind(key, to: caseID) }
        if let permit {
            // Its statutory clock starts when the case reaches the SOP's complete-application step (routing.json statutoryClock).
            let commitments = PermitCommitments(idIzin: permit.idIzin, nib: permit.nib, kinds: rule.commitments ?? [], at: unit.now)
            let references = PermitStore.OSSReferences(idProyek: permit.fields["id_proyek"], ossID: permit.fields["oss_id"],
                                                       idProduk: permit.fields["id_produk"], kdDaerah: permit.fields["kd_daerah"])
            try db.permits.add(commitments, kdIzin: permit.kdIzin, namaIzin: permit.namaIzin, sop: rule.sop, caseID: caseID,
                               references: references, at: unit.now)
        }
        try apply(engine.open(caseID: caseID, reference: reference, at: unit.now), in: unit)
        try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "case.opened", direction: .incoming, caseID: caseID,
                                  idIzin: permit?.idIzin, messageID: message.messageID, outcome: "opened", error: nil))
        // Messages that came before the case (a SIINas request before its NIB) can be delivered now.
        for key in keys {
            for parked in try db.parked.parked(caseID: "key:\(key)") {
                try db.parked.remove(parked.id)
                if let routed = try? JSONDecoder().decode(Routed.self, from: parked.event) { _ = try route(routed, in: unit) }
            }
        }
        return [caseID]
    }

    /// Settles the commitments a message settles and gives it to the cases it is about,
    /// or parks it under its key when no case exists yet. Returns the cases it reached.
    private func route(_ message: Routed, in unit: WorkUnit) throws -> [String] {
        let db = unit.database
        if let idIzin = message.idIzin {
            for rule in rules.commitments where rule.on == message.inbound {
                switch (rule.settle, message.answer) {
                case (.fulfilled, _), (.byAnswer, .yes?), (.ifYes, .yes?):
                    try settle(idIzin, rule.kind, fulfilled: true, evidence: message.messageID, reason: nil, in: unit)
                case (.byAnswer, .no?):
                    try settle(idIzin, rule.kind, fulfilled: false, evidence: message.messageID,
                               reason: message.note ?? "\(message.system) \(message.inbound): \(rule.kind.rawValue) tidak terpenuhi", in: unit)
                default:
                    break
                }
            }
        }
        var caseIDs: [String] = []
        var unbound: [String] = []
        for key in message.keys {
            if let id = try db.caseKeys.caseID(for: key) {
                if !caseIDs.contains(id) { caseIDs.append(id) }
            } else {
                unbound.append(key)
            }
        }
        guard !caseIDs.isEmpty else {
            // A message that opens cases (a receiveNIB) and opened none has no case to wait for; others may come early.
            let routed = rules.messages[message.inbound] != nil && !rules.open.contains { $0.on == message.inbound }
            if routed, let key = message.keys.first {
                try db.parked.park(caseID: "key:\(key)", message: message.inbound, event: try JSONEncoder().encode(message), at: unit.now)
            }
            try unit.log(SyncLogEntry(
                at: unit.now, system: message.system, method: message.inbound, direction: .incoming, idIzin: message.idIzin,
                messageID: message.messageID, outcome: routed ? "parked" : "ignored",
                error: routed ? "no case for \(message.keys.joined(separator: ", ")) yet: kept until one opens"
                    : "no routing rule takes it (config/routing.json): kept in the inbox"))
            return []
        }
        for caseID in caseIDs {
            // Bind the message's other keys (a SIINas request id) to the case found by one of them; a NIB's
            // permits are each their own, so one's case never takes another's key.
            if message.inbound != "oss.receiveNIB" { for key in unbound { try db.caseKeys.bind(key, to: caseID) } }
            guard let current = try unit.loadCase(caseID) else { continue }
            for name in rules.messageNames(for: message.inbound, sop: current.processID) {
                try deliver(Routed(system: message.system, inbound: message.inbound, messageID: message.messageID, keys: message.keys,
                                   idIzin: message.idIzin, answer: message.answer, note: message.note, attributes: message.attributes,
                                   step: name), to: caseID, in: unit)
            }
        }
        return caseIDs
    }

    /// Gives a step message to a case: completes the awaiting step, or parks it until the case gets there.
    private func deliver(_ message: Routed, to caseID: String, in unit: WorkUnit) throws {
        guard let name = message.step, let current = try unit.loadCase(caseID),
              let engine = engines[current.processID] else { return }
        guard let active = current.activeStep else {
            try unit.log(SyncLogEntry(at: unit.now, system: message.system, method: message.inbound, direction: .incoming, caseID: caseID,
                                      idIzin: message.idIzin, messageID: message.messageID, outcome: "ignored",
                                      error: "case \(caseID) has ended: \(name) changes nothing"))
            return
        }
        guard engine.definition.step(active.step)?.awaits == name else {
            try unit.database.parked.park(caseID: caseID, message: name, event: try JSONEncoder().encode(message), at: unit.now)
            try unit.log(SyncLogEntry(at: unit.now, system: message.system, method: message.inbound, direction: .incoming, caseID: caseID,
                                      idIzin: message.idIzin, messageID: message.messageID, outcome: "parked",
                                      error: "case \(caseID) is at step \(active.step), not yet at the step awaiting \(name)"))
            return
        }
        // A message's answer matters only to a deciding step (SIINas's kd_status 45 also arrives at step 19, which does not decide).
        let answer = engine.definition.step(active.step)?.decision == nil ? nil : message.answer
        do {
            let transition = try engine.handle(
                .message(name: name, answer: answer, note: message.note, attributes: message.attributes), on: current, at: unit.now)
            try apply(transition, in: unit)
        } catch let error as WorkflowError {
            // Kept in the inbox and logged for an operator; the sender's delivery still succeeded.
            try unit.log(SyncLogEntry(at: unit.now, system: message.system, method: message.inbound, direction: .incoming, caseID: caseID,
                                      idIzin: message.idIzin, messageID: message.messageID, outcome: "refused", error: error.description))
        }
    }

    /// Delivers parked messages the case's active step now awaits, one after another.
    private func drainParked(_ caseID: String, in unit: WorkUnit) throws {
        let db = unit.database
        guard let current = try unit.loadCase(caseID), let active = current.activeStep,
              let awaited = engines[current.processID]?.definition.step(active.step)?.awaits,
              let parked = try db.parked.parked(caseID: caseID).first(where: { $0.message == awaited }),
              let message = try? JSONDecoder().decode(Routed.self, from: parked.event) else { return }
        try db.parked.remove(parked.id)
        try deliver(message, to: caseID, in: unit)  // which drains again after its transition
    }

    // MARK: Officers

    /// Completes (or returns as incomplete) the active step for an officer holding its role.
    public func decide(_ decision: Decision, on caseID: String, by officer: Secrets.RoleToken, in unit: WorkUnit) throws -> Case {
        let (current, engine, step, active) = try officerStep(decision.step, of: caseID, for: officer, in: unit)
        let who = Officer(id: officer.officer, roles: Set(officer.roles))
        let event: WorkflowEvent
        if decision.returnIncomplete == true {
            event = .returnIncomplete(step: step.number, by: who, note: decision.note ?? "berkas belum lengkap")
        } else {
            let attributes = decision.attributes ?? [:]
            let documents = try decision.document.map { try save($0, caseID: caseID, step: step.number, activation: active.activation, in: unit) }
            // The step's document: the decision's, or one attached to this activation before it (POST …/documents).
            let document = try documents.flatMap { try unit.database.documents.document($0) }
                ?? attachedDocument(to: active.activation, of: current, in: unit)
            let missing = step.sends.flatMap { name in
                rules.outbound[name].map {
                    OutboundComposer.missing($0, attributes: attributes, document: document.map { ($0.contentType, $0.bytes.count) })
                } ?? []
            }
            guard missing.isEmpty else { throw ProcessingError.incomplete(step: step.number, missing: missing) }
            event = .complete(step: step.number, by: who, answer: decision.answer, note: decision.note, documents: documents.map { [$0] } ?? [],
                              attributes: attributes)
        }
        try apply(try handle(event, on: current, engine: engine, at: unit.now), in: unit)
        try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "decision", direction: .incoming, caseID: caseID,
                                  messageID: "step \(step.number) by \(officer.officer)", outcome: "accepted", error: nil))
        return try unit.loadCase(caseID) ?? current
    }

    /// The newest document attached to a step's activation without completing it.
    private func attachedDocument(to activation: Int, of current: Case, in unit: WorkUnit) throws -> DocumentStore.Document? {
        let attached = current.history.last { entry in
            if case .attached(let attachedTo) = entry.event { attachedTo == activation && !entry.documents.isEmpty } else { false }
        }
        return try attached?.documents.last.flatMap { try unit.database.documents.document($0) }
    }

    /// Attaches a document to the active step without completing it (a draft, a letter), for an officer holding its role.
    public func attach(_ document: Decision.Document, step number: Int, note: String?, on caseID: String, by officer: Secrets.RoleToken,
                       in unit: WorkUnit) throws -> Case {
        let (current, engine, step, active) = try officerStep(number, of: caseID, for: officer, in: unit)
        let id = try save(document, caseID: caseID, step: step.number, activation: active.activation, in: unit)
        let who = Officer(id: officer.officer, roles: Set(officer.roles))
        try apply(try handle(.attach(step: step.number, by: who, documents: [id], note: note), on: current, engine: engine, at: unit.now), in: unit)
        try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "document", direction: .incoming, caseID: caseID,
                                  messageID: id, outcome: "accepted", error: nil))
        return try unit.loadCase(caseID) ?? current
    }

    /// An officer attempt that was refused for the role, kept in the sync log for the operators (issue: 403s are logged).
    public func refusedAttempt(_ error: ProcessingError, on caseID: String, action: String, by officer: String?, in unit: WorkUnit) throws {
        try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: action, direction: .incoming, caseID: caseID,
                                  messageID: officer, httpStatus: error.status, outcome: "forbidden", error: error.description))
    }

    /// The case, its engine and its active step, when `number` is that step and the officer holds its role.
    private func officerStep(_ number: Int, of caseID: String, for officer: Secrets.RoleToken, in unit: WorkUnit) throws
        -> (Case, WorkflowEngine, Step, ActiveStep) {
        guard let current = try unit.loadCase(caseID), let engine = engines[current.processID] else { throw ProcessingError.caseNotFound(caseID) }
        guard let active = current.activeStep else { throw ProcessingError.refused(.caseEnded(caseID: caseID, outcome: current.outcome ?? .rejected)) }
        guard number == active.step else { throw ProcessingError.refused(.stepNotActive(step: number, activeStep: active.step)) }
        guard let step = engine.definition.step(active.step), let role = engine.definition.role(step.role) else {
            throw ProcessingError.refused(.unknownStep(step: active.step, process: current.processID))
        }
        if role.kind == .officer, !officer.roles.contains(step.role) {
            throw ProcessingError.wrongRole(step: step.number, role: step.role, title: role.title, tokenRoles: officer.roles)
        }
        return (current, engine, step, active)
    }

    func handle(_ event: WorkflowEvent, on current: Case, engine: WorkflowEngine, at time: Date) throws -> Transition {
        do {
            return try engine.handle(event, on: current, at: time)
        } catch {
            throw ProcessingError.refused(error)
        }
    }

    /// Keeps an officer's document, within the size and type limits; returns its id.
    private func save(_ document: Decision.Document, caseID: String, step: Int, activation: Int, in unit: WorkUnit) throws -> String {
        guard documentLimits.contentTypes.contains(document.contentType.lowercased()) else {
            throw ProcessingError.documentRefused(
                name: document.name, reason: "type \(document.contentType) is not accepted; send one of \(documentLimits.contentTypes.joined(separator: ", "))")
        }
        guard let bytes = Data(base64Encoded: document.base64) else {
            throw ProcessingError.incomplete(step: step, missing: ["document.base64 as base64"])
        }
        guard bytes.count <= documentLimits.maxBytes else {
            throw ProcessingError.documentRefused(
                name: document.name, reason: "\(bytes.count) bytes is over the limit of \(documentLimits.maxBytes) (settings: documents.maxBytes)")
        }
        guard !document.name.isEmpty, !document.name.contains("/") else {
            throw ProcessingError.documentRefused(name: document.name, reason: "a document needs a file name without '/'")
        }
        // By its bytes, not its name or the type it was sent as: what OSS and SIINas get must open as what it claims.
        let found = DocumentSignature.mediaType(of: bytes)
        guard found == document.contentType.lowercased() else {
            throw ProcessingError.documentContent(name: document.name, declared: document.contentType, found: found)
        }
        let id = "\(caseID)/\(step)/\(activation)/\(document.name)"
        try unit.database.documents.save(DocumentStore.Document(
            id: id, caseID: caseID, step: step, name: document.name, contentType: document.contentType,
            sha256: Digest.sha256Hex(Array(bytes)), bytes: Array(bytes), createdAt: unit.now))
        return id
    }

    // MARK: Time

    /// The sweeper found a deadline due: record the breach and escalate it.
    public func deadlinePassed(_ deadline: PendingDeadline, in unit: WorkUnit) throws {
        let db = unit.database
        guard let current = try unit.loadCase(deadline.caseID), let engine = engines[current.processID],
              let transition = try? engine.handle(.deadlinePassed(step: deadline.step, activation: deadline.activation), on: current, at: unit.now),
              !transition.appended.isEmpty else {
            try db.cases.retireDeadline(caseID: deadline.caseID, activation: deadline.activation)
            return
        }
        try apply(transition, in: unit)
    }

    /// The work calendar changed (a year's SKB list arrived): every active step's deadline is computed
    /// again with it (DESIGN.md rule 12), each move kept in its case's history. Returns how many moved.
    @discardableResult
    public func recomputeDeadlines(in unit: WorkUnit) throws -> Int {
        var moved = 0
        for summary in try unit.database.cases.list(status: .active, limit: 1_000_000) where summary.deadline != nil && !summary.deadlinePassed {
            guard let current = try unit.loadCase(summary.id), let engine = engines[current.processID] else { continue }
            let transition = try handle(.recomputeDeadline, on: current, engine: engine, at: unit.now)
            guard !transition.appended.isEmpty else { continue }
            try unit.save(transition)
            moved += 1
        }
        for record in try unit.database.permits.list(notEffectiveOnly: true) {
            var commitments = record.commitments
            if commitments.recomputeDue(calendar: calendar, at: unit.now) {
                try unit.database.permits.update(commitments, at: unit.now)
                moved += 1
            }
        }
        try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "calendar.changed", direction: .incoming, outcome: "accepted",
                                  error: "\(moved) deadline\(moved == 1 ? "" : "s") of active steps and statutory clocks moved with the new work calendar"))
        return moved
    }

    /// Warns once for each commitment whose statutory deadline is near, and records and escalates
    /// once each one that passed with the commitment pending.
    public func sweepCommitments(in unit: WorkUnit) throws {
        for record in try unit.database.permits.list(notEffectiveOnly: true) where record.commitments.effectiveness == .pending {
            var commitments = record.commitments
            let effects = commitments.warnings(at: unit.now, calendar: calendar, warningWorkingSeconds: levels.warningWorkingHours * 3600)
                + commitments.breaches(at: unit.now)
            guard !effects.isEmpty else { continue }
            try unit.database.permits.update(commitments, at: unit.now)
            for effect in effects { try permitEffect(effect, record: record, in: unit) }
        }
    }

    // MARK: Deliveries

    /// The dispatcher delivered a message: record it, and give the case the message a step awaits, if any.
    /// OSS's answer to a number call (receiveLicense, status 49) carries the permit's number: the permit
    /// itself (status 50) is queued with it, and the case hears when that one is delivered.
    /// - Parameter note: how the delivery was known, when not by the answer to this attempt (OSS showing it applied).
    public func delivered(_ message: OutboxMessage, attempt: Int, status: Int, latencyMilliseconds: Double, reply: [UInt8] = [],
                          note: String? = nil, in unit: WorkUnit) throws {
        try unit.database.outbox.markDelivered(message.id, attempt: attempt, status: status, at: unit.now)
        let number = message.kind == OutboundComposer.numberCall ? IzinFinal.nomorIzin(inReply: (try? JSONValue.decode(reply)) ?? .null) : nil
        try unit.log(SyncLogEntry(at: unit.now, system: message.target, method: message.kind, direction: .outgoing, caseID: message.caseID,
                                  idIzin: message.idIzin, messageID: message.id, attempt: attempt, httpStatus: status,
                                  latencyMilliseconds: latencyMilliseconds, outcome: "delivered", error: note ?? number.map { "nomor_izin \($0)" }))
        if let number, let idIzin = message.idIzin {
            try unit.database.permits.recordNumber(idIzin, nomorIzin: number, at: unit.now)
            try enqueue(composer.issued(after: message, nomorIzin: number, at: unit.now), in: unit)
            return
        }
        if let name = message.onDelivered, let caseID = message.caseID {
            try deliver(Routed(system: message.target, inbound: "\(message.kind) delivered", messageID: message.id, keys: [],
                               idIzin: message.idIzin, answer: nil, note: nil, attributes: [:], step: name), to: caseID, in: unit)
        }
    }

    /// An attempt failed: schedule the next one, or, after the last or for a failure retrying cannot fix, a dead letter.
    /// Returns the outcome logged: retrying or dead.
    @discardableResult
    public func failed(
        _ message: OutboxMessage, attempt: Int, status: Int?, error: String, permanent: Bool, latencyMilliseconds: Double,
        retry: GatewaySettings.RetrySchedule, random: Double, in unit: WorkUnit
    ) throws -> String {
        let delay = permanent ? nil : retry.delay(afterAttempt: attempt, unit: random)
        try unit.database.outbox.markFailed(message.id, attempt: attempt, status: status, error: error,
                                            nextAttempt: delay.map { unit.now.addingTimeInterval($0) })
        try unit.log(SyncLogEntry(
            at: unit.now, system: message.target, method: message.kind, direction: .outgoing, caseID: message.caseID, idIzin: message.idIzin,
            messageID: message.id, attempt: attempt, httpStatus: status, latencyMilliseconds: latencyMilliseconds,
            outcome: delay == nil ? "dead" : "retrying",
            error: permanent ? "\(error) (retrying cannot fix this: kept as a dead letter)" : error))
        return delay == nil ? "dead" : "retrying"
    }

    /// Whether OSS shows one of the gateway's own document links (/berkas/<token>, whatever address the
    /// gateway had when it sent it): what the agency sent, not an applicant's upload.
    private static func isOwnLink(_ url: String, in db: GatewayDatabase) throws -> Bool {
        guard let range = url.range(of: "/berkas/") else { return false }
        return try db.documents.isLink(String(url[range.upperBound...]))
    }

    /// What checkLicenseStatus said about a permit: recorded, and given to a step awaiting it when it settles
    /// the permit. An attachment OSS shows that the agency did not send (an applicant's upload) is a message
    /// of its own, once.
    public func reconciled(idIzin: String, code: OSSStatusCode, description: String?, fileLampiran: String? = nil, raw: Raw,
                           in unit: WorkUnit) throws {
        let db = unit.database
        guard let record = try db.permits.permit(idIzin) else { return }
        if let url = fileLampiran, !url.isEmpty, url != record.fileDS, try !Self.isOwnLink(url, in: db) {
            let shown = OSSInbound.attachmentShown(idIzin: idIzin, url: url, code: code)
            if try !db.inbox.contains(dedupKey: shown.dedupKey) { _ = try receive(shown, raw: raw, in: unit) }
        }
        guard record.ossStatus != code.code else { return }
        try db.permits.recordOSSStatus(idIzin, code: code.code, at: unit.now)
        var notes: [String] = []
        if !code.isListed { notes.append("kd_status \(code.code) is not in Lampiran 10") }
        if code == .approvedBySilence {
            notes.append("OSS approved the permit by itself (fiktif positif): the Dinas's statutory time passed")
            try db.permits.recordApprovedByOSS(idIzin, at: unit.now)
        }
        try unit.log(SyncLogEntry(at: unit.now, system: "oss", method: "checkLicenseStatus", direction: .outgoing, caseID: record.caseID,
                                  idIzin: idIzin, messageID: "\(idIzin)/\(code.code)", outcome: code == .approvedBySilence ? "warning" : "status",
                                  error: notes.isEmpty ? nil : notes.joined(separator: "; ")))
        if let message = OSSInbound.licenseStatus(idIzin: idIzin, code: code, description: description) {
            _ = try receive(message, raw: raw, in: unit)
        }
    }

    // MARK: Carrying out a transition

    func apply(_ transition: Transition, in unit: WorkUnit) throws {
        let db = unit.database
        let current = transition.case
        try unit.save(transition)
        for effect in transition.effects {
            switch effect {
            case .send(let name, let step):
                guard let rule = rules.outbound[name] else { continue }
                try enqueue(composer.message(name, rule: rule, case: current, step: step,
                                             activation: Self.activation(of: step, in: transition), in: unit), in: unit)
            case .notifyApplicant(let step, let reason):
                guard let rule = rules.notifyApplicant[current.processID] else {
                    try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "notifyApplicant", direction: .outgoing,
                                              caseID: current.id, outcome: "warning",
                                              error: "the application went back to the applicant, but no system tells them (config/routing.json notifyApplicant)"))
                    continue
                }
                try enqueue(composer.message("notifyApplicant", rule: rule, case: current, step: step,
                                             activation: Self.activation(of: step, in: transition), reason: reason, in: unit), in: unit)
            case .escalate(let step, let role, let deadline):
                let to = levels.escalateTo[role]
                try db.escalations.record(.init(caseID: current.id, step: step, role: role, escalatedTo: to, deadline: deadline, at: unit.now))
                try unit.log(SyncLogEntry(
                    at: unit.now, system: "gateway", method: "sla.breach", direction: .outgoing, caseID: current.id, messageID: "step \(step)",
                    outcome: "escalated",
                    error: "step \(step) (\(role)) passed its time standard at \(JakartaTime.iso(deadline))"
                        + (to.map { "; escalated to \($0)" } ?? "; no role above \(role): recorded")))
            case .ended(let outcome, let reason):
                try settleOnEnd(current, outcome: outcome, reason: reason, in: unit)
            case .assignTask, .awaitMessage, .scheduleDeadline, .cancelDeadline:
                break  // tasks are what the API lists; deadline rows are written by the case store
            }
        }
        try runStatutoryClock(transition, in: unit)
        if current.activeStep != nil { try drainParked(current.id, in: unit) }
    }

    /// The activation of the step entry a transition completed or started.
    private static func activation(of step: Int, in transition: Transition) -> Int {
        for entry in transition.appended.reversed() where entry.step == step {
            switch entry.event {
            case .completed(let activation, _, _, _), .started(let activation, _), .returnedIncomplete(let activation, _):
                return activation
            default:
                continue
            }
        }
        return transition.case.activations
    }

    private func enqueue(_ message: OutboxMessage, in unit: WorkUnit) throws {
        guard try unit.database.outbox.enqueue(message) else { return }
        unit.queued(message.target)
        try unit.log(SyncLogEntry(at: unit.now, system: message.target, method: message.kind, direction: .outgoing, caseID: message.caseID,
                                  idIzin: message.idIzin, messageID: message.id, outcome: "queued"))
    }

    /// The statutory clock of the case's permits (PP 5/2021): it starts, or starts again after the applicant
    /// completed a returned file, when the case starts the SOP's complete-application step
    /// (routing.json statutoryClock), with the field-check period when the SOP always makes one (SOP 001
    /// step 3, SOP 004 step 5); a field check decided on the way (SOP 002 step 9 "Ya") lengthens it.
    private func runStatutoryClock(_ transition: Transition, in unit: WorkUnit) throws {
        let sop = transition.case.processID
        guard let definition = definitions[sop] else { return }
        let startStep = rules.statutoryClock?[sop]
        let started = transition.appended.contains { $0.step != nil && $0.step == startStep && $0.event.kind == "started" }
        let fieldCheck = transition.appended.contains { entry in
            entry.step.flatMap(definition.step)?.fieldCheck == .ifYes && entry.event.isCompleted(answer: .yes)
        }
        guard started || fieldCheck else { return }
        let alwaysChecks = definition.steps.contains { $0.fieldCheck == .always }
        for key in try unit.database.caseKeys.keys(of: transition.case.id) where key.hasPrefix("izin:") {
            guard let record = try unit.database.permits.permit(String(key.dropFirst(5))) else { continue }
            let period = levels.statutoryPeriod(kdIzin: record.kdIzin)
            var commitments = record.commitments
            var what: [String] = []
            if started {
                let days = alwaysChecks ? period.fieldCheckDays : period.technicalEvaluationDays
                if !commitments.startClock(at: unit.now, workingDays: days, calendar: calendar).isEmpty {
                    what.append("started at step \(startStep ?? 0): \(days) working days" + (alwaysChecks ? " (the SOP makes a field check)" : ""))
                }
            }
            if fieldCheck, !commitments.extendClock(toWorkingDays: period.fieldCheckDays, calendar: calendar, at: unit.now).isEmpty {
                what.append("a field check: \(period.fieldCheckDays) working days from the same start")
            }
            guard !what.isEmpty, commitments != record.commitments else { continue }
            try unit.database.permits.update(commitments, at: unit.now)
            let due = commitments.commitments.compactMap(\.dueAt).max()
            try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "komitmen.clock", direction: .incoming, caseID: transition.case.id,
                                      idIzin: record.commitments.idIzin, outcome: "accepted",
                                      error: "statutory clock " + what.joined(separator: "; ") + (due.map { "; due \(JakartaTime.iso($0))" } ?? "")))
        }
    }

    // MARK: Commitments

    private func settle(_ idIzin: String, _ kind: CommitmentKind, fulfilled: Bool, evidence: String?, reason: String?, in unit: WorkUnit) throws {
        guard let record = try unit.database.permits.permit(idIzin) else { return }
        var commitments = record.commitments
        let effects = commitments.settle(kind, fulfilled: fulfilled, evidence: evidence, reason: reason, at: unit.now)
        guard commitments != record.commitments else { return }
        try unit.database.permits.update(commitments, at: unit.now)
        try unit.log(SyncLogEntry(at: unit.now, system: "gateway", method: "komitmen.\(kind.rawValue)", direction: .incoming,
                                  caseID: record.caseID, idIzin: idIzin, messageID: evidence, outcome: fulfilled ? "fulfilled" : "failed",
                                  error: fulfilled ? nil : reason))
        for effect in effects { try permitEffect(effect, record: record, in: unit) }
    }

    /// A case that ends settles its permit's commitments nothing else settles (the verification it performed).
    private func settleOnEnd(_ ended: Case, outcome: Outcome, reason: String?, in unit: WorkUnit) throws {
        // OSS revoked or cancelled the NIB: nothing of the permit is left to settle, nor to tell OSS.
        guard outcome != .revoked, outcome != .cancelled else { return }
        for key in try unit.database.caseKeys.keys(of: ended.id) where key.hasPrefix("izin:") {
            let idIzin = String(key.dropFirst(5))
            guard let record = try unit.database.permits.permit(idIzin) else { continue }
            for commitment in record.commitments.commitments where commitment.state == .pending {
                try settle(idIzin, commitment.kind, fulfilled: outcome == .approved, evidence: ended.id,
                           reason: reason ?? "case \(ended.id) ended \(outcome.rawValue)", in: unit)
            }
        }
    }

    private func permitEffect(_ effect: PermitCommitments.Effect, record: PermitStore.Record, in unit: WorkUnit) throws {
        switch effect {
        case .becameEffective:
            // What the agency's authority says of it, if anything: in SOP 002 SIINas and OSS notify, not the Dinas.
            if let sop = record.sop, let code = composer.ossCode(sop: sop, .effective) {
                try enqueue(composer.statusPush(code, permit: record, keterangan: "Seluruh komitmen terpenuhi: izin berlaku efektif", in: unit),
                            in: unit)
            }
        case .stayedNotEffective(_, let reason):
            // Not a rejection: the permit exists and waits for its commitments (oss-rba.md §1.7: 12 or 52).
            if let sop = record.sop, let code = composer.ossCode(sop: sop, .notEffective) {
                try enqueue(composer.statusPush(code, permit: record, keterangan: "Izin belum berlaku efektif: \(reason)", in: unit), in: unit)
            }
            // The SOP's remaining steps no longer apply to a permit that stays not effective.
            if let caseID = record.caseID, let current = try unit.loadCase(caseID), current.activeStep != nil,
               let engine = engines[current.processID] {
                try apply(engine.handle(.close(outcome: .notEffective, reason: "izin belum berlaku efektif: \(reason)"), on: current, at: unit.now),
                          in: unit)
            }
        case .deadlinePassed(let idIzin, let kind, let dueAt):
            // The head of the agency hears of it: from now OSS may approve by itself (UU 11/2020 Pasal 175 angka 6).
            let to = levels.statutoryEscalateTo
            let current = try record.caseID.flatMap { try unit.loadCase($0) }
            try unit.database.escalations.record(.init(caseID: record.caseID ?? "", step: current?.activeStep?.step ?? 0, role: "statutory",
                                                       escalatedTo: to, deadline: dueAt, at: unit.now))
            try unit.log(SyncLogEntry(
                at: unit.now, system: "gateway", method: "komitmen.breach", direction: .outgoing, caseID: record.caseID, idIzin: idIzin,
                outcome: "escalated",
                error: "\(kind.rawValue) passed its statutory deadline \(JakartaTime.iso(dueAt)); escalated to \(to): OSS may now approve by itself (57)"))
        case .deadlineNear(let idIzin, let kind, let dueAt):
            try unit.log(SyncLogEntry(
                at: unit.now, system: "gateway", method: "komitmen.deadline", direction: .outgoing, caseID: record.caseID, idIzin: idIzin,
                outcome: "warning",
                error: "\(kind.rawValue) is due by \(JakartaTime.iso(dueAt)); after that OSS may approve the permit by itself (status 57)"))
        }
    }
}

extension HistoryEntry.Event {
    func isCompleted(answer wanted: Answer) -> Bool {
        if case .completed(_, let answer, _, _) = self { return answer == wanted }
        return false
    }
}
