import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// A case as a line of a work list: where it is and who must act.
public struct CaseTask: Codable, Equatable, Sendable {
    public let id: String
    public let sop: String
    /// The stored version of the SOP the case follows: its step numbers are that version's.
    public let sopVersion: Int?
    public let reference: String?
    public let status: String
    public let step: Int?
    public let activity: String?
    /// The role that performs the active step.
    public let role: String?
    public let roleTitle: String?
    /// officer, applicant or system.
    public let performer: String?
    /// The message an applicant or system step waits for.
    public let awaits: String?
    /// The active step's yes/no question, when it decides.
    public let question: String?
    /// False while the active step is one no system can see done (an applicant reading a letter): it has
    /// no deadline, and the next observable event closes it.
    public let observable: Bool
    public let deadline: String?
    public let deadlinePassed: Bool
    /// The deadline falls in a year whose SKB holiday list is missing: it may still move (DESIGN.md rule 12).
    public let deadlineProvisional: Bool
    public let outcome: Outcome?

    public init(_ summary: CaseSummary, definition: ProcessDefinition?, calendar: WorkCalendar) {
        let step = summary.activeStep.flatMap { definition?.step($0) }
        let role = step.flatMap { definition?.role($0.role) }
        id = summary.id
        sop = summary.processID
        sopVersion = summary.sopVersion
        reference = summary.reference
        status = summary.status.rawValue
        self.step = summary.activeStep
        activity = step?.activity
        self.role = step?.role
        roleTitle = role?.title
        performer = role?.kind.rawValue
        awaits = step?.awaits
        question = step?.decision?.question
        observable = step?.observable ?? true
        deadline = summary.deadline.map { JakartaTime.iso($0) }
        deadlinePassed = summary.deadlinePassed
        deadlineProvisional = summary.deadline.map(calendar.isProvisional) ?? false
        outcome = summary.outcome
    }
}

/// `GET /api/cases/{id}`: the case with its history, its keys, its permits' commitments and its outbound messages.
public struct CaseDetail: Codable {
    /// A permit with its commitments, as the API and `gerbang permits` show it.
    public struct PermitView: Codable, Sendable {
        public struct CommitmentView: Codable, Sendable {
            public let kind: CommitmentKind
            public let state: Commitment.State
            public let evidence: String?
            /// The statutory deadline, once the agency holds a complete application.
            public let dueAt: String?
            public let warnedAt: String?
            public let clockStartedAt: String?
            public let workingDays: Int?
            /// When the deadline passed with the commitment pending (escalated to the head of the agency).
            public let breachedAt: String?
            /// Since when the statutory clock stands still (the applicant holds the returned file, or OSS froze the NIB).
            public let pausedAt: String?
        }

        public let idIzin: String
        public let nib: String
        public let kdIzin: String?
        public let namaIzin: String?
        public let caseID: String?
        /// pending, effective, not_effective, or ended (OSS revoked or cancelled the NIB).
        public let effectiveness: String
        public let reason: String?
        /// What OSS last said (checkLicenseStatus).
        public let ossStatus: String?
        /// The number OSS gave the permit when this agency issued it (licensing authority).
        public let nomorIzin: String?
        /// The link to OSS's signed permit (receiveFileDS).
        public let fileDS: String?
        /// When OSS said it approved the permit by itself (57, fiktif positif: the statutory time had passed).
        public let approvedByOSSAt: String?
        public let commitments: [CommitmentView]

        public init(_ record: PermitStore.Record) {
            let permit = record.commitments
            var reason: String?
            switch permit.effectiveness {
            case .notEffective(let why), .ended(let why): reason = why
            case .pending, .effective: reason = nil
            }
            idIzin = permit.idIzin
            nib = permit.nib
            kdIzin = record.kdIzin
            namaIzin = record.namaIzin
            caseID = record.caseID
            effectiveness = PermitStore.label(permit.effectiveness)
            self.reason = reason
            ossStatus = record.ossStatus
            nomorIzin = record.nomorIzin
            fileDS = record.fileDS
            approvedByOSSAt = record.approvedByOSSAt.map(JakartaTime.iso)
            commitments = permit.commitments.map {
                .init(kind: $0.kind, state: $0.state, evidence: $0.evidence, dueAt: $0.dueAt.map(JakartaTime.iso),
                      warnedAt: $0.warnedAt.map(JakartaTime.iso), clockStartedAt: $0.clockStartedAt.map(JakartaTime.iso),
                      workingDays: $0.workingDays, breachedAt: $0.breachedAt.map(JakartaTime.iso), pausedAt: $0.pausedAt.map(JakartaTime.iso))
            }
        }
    }

    public struct OutboxView: Codable, Sendable {
        public let id: String
        public let target: String
        public let kind: String
        public let state: String
        public let attempts: Int
        public let createdAt: String
        /// When the next attempt is due, while pending.
        public let nextAttemptAt: String?
        public let lastStatus: Int?
        public let lastError: String?
        /// The dead letter this message waits behind, while held: replaying that one releases it.
        public let heldBehind: String?

        init(_ message: OutboxMessage) {
            id = message.id
            target = message.target
            kind = message.kind
            state = message.state.rawValue
            attempts = message.attempts
            createdAt = JakartaTime.iso(message.createdAt)
            nextAttemptAt = message.state == .pending ? JakartaTime.iso(message.nextAttemptAt) : nil
            lastStatus = message.lastStatus
            lastError = message.lastError
            heldBehind = message.heldBehind
        }
    }

    public let `case`: CaseView
    /// What the case awaits now: the step, its performer, the message or answer it waits for, its deadline.
    public let task: CaseTask
    public let keys: [String]
    public let permits: [PermitView]
    public let outbox: [OutboxView]
    public let documents: [DocumentView]
    /// The exchanges and gateway events about this case, oldest first (the newest 500), as `gerbang log --json` prints them.
    public let syncLog: [JSONValue]

    public struct DocumentView: Codable, Sendable {
        public let id: String
        public let step: Int?
        public let name: String
        public let contentType: String
        public let size: Int
        public let sha256: String
        public let createdAt: String
    }

    /// Everything the gateway knows of a case, as `GET /api/cases/{id}` and `gerbang case ID` show it.
    public static func load(_ id: String, from database: GatewayDatabase, definitions: SOPDefinitions, calendar: WorkCalendar) throws
        -> CaseDetail? {
        guard let found = try database.cases.load(id) else { return nil }
        let keys = try database.caseKeys.keys(of: id)
        let permits = try keys.filter { $0.hasPrefix("izin:") }.compactMap { try database.permits.permit(String($0.dropFirst(5))) }
        return CaseDetail(
            case: CaseView(found, zone: JakartaTime.zone), task: CaseTask(CaseSummary(found), definition: definitions.definition(found.processID, version: found.sopVersion),
                                                                  calendar: calendar), keys: keys,
            permits: permits.map(PermitView.init),
            outbox: try database.outbox.list(caseID: id).map(OutboxView.init),
            documents: try database.documents.list(caseID: id).map {
                DocumentView(id: $0.id, step: $0.step, name: $0.name, contentType: $0.contentType, size: $0.size, sha256: $0.sha256,
                             createdAt: JakartaTime.iso($0.createdAt))
            },
            syncLog: try database.syncLog.list(.init(caseID: id, limit: 500)).map(SyncLogSink.value))
    }
}
