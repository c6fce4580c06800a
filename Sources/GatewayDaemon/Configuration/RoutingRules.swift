import Foundation
import GatewayCore
import NationalSystems

/// `config/routing.json`: which inbound message opens or moves which SOP,
/// which commitment it settles, and what each outbound message of an SOP
/// becomes. Data, so that an agency can route a new permit type to an SOP
/// without a new release.
public struct RoutingRules: Sendable, Codable, Equatable {
    /// Opens a case when an inbound message matches.
    public struct OpenRule: Sendable, Codable, Equatable {
        /// The inbound message: "oss.receiveNIB" (matched per checklist item) or "sipro.pendaftaran.baru".
        public let on: String
        /// Fields that must all match: for receiveNIB a checklist item's `kd_izin`, `jenis_izin`,
        /// `flag_checklist`, `kewenangan` (00 central, 01 province, 02 regency or city), `kd_daerah`,
        /// or its project's `flag_perluasan`. A value ending in `*` matches by its beginning ("61*").
        public let when: [String: String]?
        public let sop: String
        /// The commitments the permit needs before it is effective.
        public let commitments: [CommitmentKind]?
        /// Why the rule holds: the seed and the table of the OSS guide (PIA) whose codes it matches. Read by people only.
        public let source: String?
    }

    /// Settles a permit's commitment when an inbound message arrives.
    public struct CommitmentRule: Sendable, Codable, Equatable {
        public enum Settle: String, Sendable, Codable {
            /// The message fulfils the commitment.
            case fulfilled
            /// Yes fulfils it, no fails it.
            case byAnswer
            /// Yes fulfils it, no leaves it pending.
            case ifYes
        }

        public let on: String
        public let kind: CommitmentKind
        public let settle: Settle
    }

    /// What becomes of an SOP's outcome in OSS: the moments the agency tells OSS about a permit.
    public enum OSSMoment: String, Sendable, Codable, CaseIterable {
        /// A step that sends `oss.status` (SOP 000 step 8), for a case heading to approval or to rejection.
        case approved, rejected
        /// Every commitment of the permit met, or one failed (the permit stays belum berlaku efektif).
        case effective, notEffective
        /// The file went back to the applicant as incomplete, and came back completed: where listed, OSS hears its SLA
        /// clock stop (41) and run again (42). Opt-in: the guide does not say a Dinas teknis may send them.
        case returned, resubmitted
    }

    /// What an SOP's outbound message (a step's `sends`) becomes.
    public struct Outbound: Sendable, Codable, Equatable {
        /// The adapter operation: oss.status (the case's outcome in the agency's code), siinas.uploadBAP,
        /// sipro.status, sipro.permitNumber, sipro.readyForPickup or dpmptsp.letter.
        public let operation: OutboundOperation
        /// For sipro.status: the status to set.
        public let status: String?
        /// For dpmptsp.letter: the letter's subject.
        public let perihal: String?
        /// A message the case receives once this one is delivered (the SOP step that waits for it).
        public let onDelivered: String?
        /// The step's document (a PDF) goes with the message: for OSS as a link to it (`file_lampiran`;
        /// files travel as URLs, oss-rba.md §1.8), so the step needs one.
        public let withDocument: Bool?
    }

    /// Case number prefixes: "izin-perluasan": "IP" gives IP-2026-000001.
    public let caseNumbers: [String: String]
    public let open: [OpenRule]
    /// Inbound message → SOP id → the message names that SOP's steps await, in order.
    public let messages: [String: [String: MessageNames]]
    public let commitments: [CommitmentRule]
    /// A step's `sends` name → what it becomes.
    public let outbound: [String: Outbound]
    /// SOP id → what telling the applicant "returned incomplete" becomes.
    public let notifyApplicant: [String: Outbound]
    /// SOP id → what telling the system the application came through that the agency closed it becomes (a
    /// withdrawal: `POST /api/cases/{id}/withdrawal`). OSS is told nothing: Lampiran 10 has no status for it.
    public let withdrawn: [String: Outbound]?
    /// SOP id → the step at which the agency holds a complete application: the statutory clock of its
    /// commitments starts when a case first starts that step (PP 5/2021: the service level counts
    /// from a complete application; in SOP 002 the file reaches the Dinas at step 4). Field checks,
    /// which lengthen it, are marked on the SOPs' steps (`fieldCheck`).
    public let statutoryClock: [String: Int]?
    /// SOP id → the step whose document a status push about the permit links (file_lampiran): the paper the
    /// decision rests on (SOP 002's BAP at step 17, SOP 001's signed recommendation at step 8, SOP 004's at step 7),
    /// not whatever was attached last. An SOP not listed sends its statuses without one.
    public let statusDocument: [String: Int]?
    /// Authority → SOP id → moment → the status code OSS gets (PIA Lampiran 10). A moment an SOP
    /// does not list sends nothing: in SOP 002 SIINas and OSS, not the Dinas, notify (steps 18-20).
    public let ossStatus: [String: [String: [String: String]]]?
    /// The checklist flags (Lampiran 28) that ask the agency to act: Y (Komitmen) unless listed otherwise.
    /// N (no commitment), O (OSS issues it itself) and T (a copy) are kept as not the agency's.
    public let flagChecklist: [String]?

    /// The checklist flags that open cases.
    public var actingFlags: [String] { flagChecklist ?? ["Y"] }

    /// Whether an open rule's `when` matches a message's or permit's fields.
    public static func matches(_ when: [String: String]?, _ fields: [String: String]) -> Bool {
        (when ?? [:]).allSatisfy { key, wanted in
            guard let given = fields[key]?.uppercased() else { return false }
            return wanted.hasSuffix("*") ? given.hasPrefix(wanted.dropLast().uppercased()) : given == wanted.uppercased()
        }
    }

    /// The step whose PDF a status about the permit links (statusDocument), in the SOP version a case follows: named by
    /// its number in the version in force, found in an older one by its activity (``SOPDefinitions/step(_:of:inVersion:)``).
    func statusDocumentStep(of sop: String, version: Int?, in library: SOPDefinitions) -> Int? {
        statusDocument?[sop].flatMap { library.step($0, of: sop, inVersion: version) }
    }

    /// The code OSS gets from an agency of `authority` at `moment` of an SOP's case, if any.
    public func ossCode(_ authority: OSSAuthority, sop: String, _ moment: OSSMoment) -> OSSStatusCode? {
        ossStatus?[authority.rawValue]?[sop]?[moment.rawValue].map(OSSStatusCode.init)
    }

    /// Where the rules leave an agency of `authority` without a code it needs: a step that tells OSS
    /// its case's outcome (`oss.status`) needs one for approval and one for rejection.
    public func missingOSSCodes(for authority: OSSAuthority, definitions: [ProcessDefinition]) -> (field: String, message: String)? {
        for definition in definitions {
            for step in definition.steps where step.sends.contains(where: { outbound[$0]?.operation == .ossStatus }) {
                for moment in [OSSMoment.approved, .rejected] where ossCode(authority, sop: definition.id, moment) == nil {
                    return ("ossStatus.\(authority.rawValue).\(definition.id).\(moment.rawValue)",
                            "is missing: \(definition.id) step \(step.number) tells OSS its case's outcome, and agency.authority is \(authority.rawValue)")
                }
            }
        }
        return nil
    }

    /// The step message names an inbound message means for an SOP.
    public func messageNames(for inbound: String, sop: String) -> [String] {
        messages[inbound]?[sop]?.names ?? []
    }

    public func prefix(of sop: String) -> String {
        caseNumbers[sop] ?? "CASE"
    }

    /// Loads and checks the rules against the SOP definitions: every SOP named exists, every
    /// step message named is awaited by a step, every `sends` has an outbound rule.
    public static func load(file: String, definitions: [ProcessDefinition]) throws(SettingsError) -> RoutingRules {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw SettingsError(file: file, field: nil, message: "cannot be read: the gateway needs its routing rules")
        }
        let rules: RoutingRules
        do {
            rules = try JSONDecoder().decode(RoutingRules.self, from: data)
        } catch let error as DecodingError {
            let (field, problem) = error.explained(reading: data)
            throw SettingsError(file: file, field: field, message: problem)
        } catch {
            throw SettingsError(file: file, field: nil, message: "\(error)")
        }
        if let problem = rules.problem(with: definitions) {
            throw SettingsError(file: file, field: problem.field, message: problem.message)
        }
        return rules
    }

    func problem(with definitions: [ProcessDefinition]) -> (field: String, message: String)? {
        let byID = Dictionary(definitions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let known = byID.keys.sorted().joined(separator: ", ")
        for (index, rule) in open.enumerated() where byID[rule.sop] == nil {
            return ("open[\(index)].sop", "'\(rule.sop)' is not an SOP in config/sop (known: \(known))")
        }
        for (inbound, perSOP) in messages {
            for (sop, names) in perSOP {
                guard let definition = byID[sop] else {
                    return ("messages.\(inbound).\(sop)", "'\(sop)' is not an SOP in config/sop (known: \(known))")
                }
                for name in names.names where !definition.steps.contains(where: { $0.awaits == name }) {
                    return ("messages.\(inbound).\(sop)", "no step of \(sop) awaits '\(name)'")
                }
            }
        }
        let operations = OutboundOperation.known.map(\.rawValue).joined(separator: ", ")
        for (name, rule) in outbound.sorted(by: { $0.key < $1.key }) where !OutboundOperation.known.contains(rule.operation) {
            return ("outbound.\(name).operation", "'\(rule.operation)' is not an operation the gateway knows (known: \(operations))")
        }
        for (field, rules) in [("notifyApplicant", notifyApplicant), ("withdrawn", withdrawn ?? [:])] {
            for (sop, rule) in rules.sorted(by: { $0.key < $1.key }) where !OutboundOperation.known.contains(rule.operation) {
                return ("\(field).\(sop).operation", "'\(rule.operation)' is not an operation the gateway knows (known: \(operations))")
            }
        }
        for (field, steps) in [("statutoryClock", statutoryClock), ("statusDocument", statusDocument)] {
            for (sop, step) in (steps ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let definition = byID[sop] else {
                    return ("\(field).\(sop)", "'\(sop)' is not an SOP in config/sop (known: \(known))")
                }
                guard definition.step(step) != nil else {
                    return ("\(field).\(sop)", "step \(step) does not exist: \(sop) has steps 1 to \(definition.steps.count)")
                }
            }
        }
        for (authorityName, perSOP) in ossStatus ?? [:] {
            guard let authority = OSSAuthority(rawValue: authorityName) else {
                return ("ossStatus.\(authorityName)", "'\(authorityName)' is not an authority: technical or licensing")
            }
            for (sop, moments) in perSOP {
                guard byID[sop] != nil else {
                    return ("ossStatus.\(authorityName).\(sop)", "'\(sop)' is not an SOP in config/sop (known: \(known))")
                }
                for (moment, code) in moments {
                    let field = "ossStatus.\(authorityName).\(sop).\(moment)"
                    guard OSSMoment(rawValue: moment) != nil else {
                        return (field, "'\(moment)' is not a moment: \(OSSMoment.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    // 41 and 42 say the clock stopped and runs again, and nothing else does.
                    let clockCode: OSSStatusCode? = moment == OSSMoment.returned.rawValue ? .clockPaused
                        : moment == OSSMoment.resubmitted.rawValue ? .clockResumed : nil
                    guard clockCode.map({ $0 == OSSStatusCode(code) }) ?? !OSSAuthority.optIn.contains(OSSStatusCode(code)) else {
                        return (field, clockCode.map { "a returned file's clock is told with \($0.code), not \(code)" }
                                ?? "\(code) tells OSS the clock stopped or runs again: it belongs to 'returned' (41) or 'resubmitted' (42) only")
                    }
                    guard authority.allowedCodes.contains(OSSStatusCode(code)) else {
                        let allowed = authority.ownCodes.map(\.code).sorted().joined(separator: ", ")
                        let optIn = OSSAuthority.optIn.map(\.code).sorted().joined(separator: " and ")
                        return (field, "\(code) is not a code \(authority.title) may send to OSS (it sends \(allowed), and \(optIn) for a returned "
                                + "file where chosen; PIA Lampiran 10)")
                    }
                }
            }
        }
        for definition in definitions {
            for step in definition.steps {
                for name in step.sends where outbound[name] == nil {
                    return ("outbound", "\(definition.id) step \(step.number) sends '\(name)', which has no outbound rule: add one")
                }
                if let awaited = step.awaits, !messages.values.contains(where: { $0[definition.id]?.names.contains(awaited) == true }),
                   !outbound.values.contains(where: { $0.onDelivered == awaited }) {
                    return ("messages", "\(definition.id) step \(step.number) awaits '\(awaited)', which no inbound message or delivery gives")
                }
            }
        }
        return nil
    }
}

/// One message name or several, as routing.json writes them ("a" or ["a", "b"]).
public struct MessageNames: Sendable, Codable, Equatable {
    public let names: [String]

    public init(_ names: [String]) {
        self.names = names
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let single = try? container.decode(String.self) {
            names = [single]
        } else {
            names = try container.decode([String].self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if names.count == 1 { try container.encode(names[0]) } else { try container.encode(names) }
    }
}
