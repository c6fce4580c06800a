import GatewayCore

/// Why the gateway could not apply a message or a decision, said so that an
/// operator or officer knows what to fix. Each carries the HTTP status the API answers with.
public enum ProcessingError: Error, Equatable, CustomStringConvertible {
    case caseNotFound(String)
    /// The case has no reference an outbound message needs (a SIINas request for the BAP upload).
    case missingReference(caseID: String, what: String, for: String)
    case unknownOperation(String, message: String)
    /// A step tells OSS the case's outcome, but routing.json gives no code for it under the agency's authority.
    case noOSSCode(sop: String, moment: String, authority: String)
    /// An officer's decision the engine refused (a step out of turn, a missing answer).
    case refused(WorkflowError)
    /// The officer's token is not for the role that performs the step.
    case wrongRole(step: Int, role: String, title: String, tokenRoles: [String])
    /// The step sends a message that needs more than the decision gave.
    case incomplete(step: Int, missing: [String])
    /// A document over the size limit (settings: documents.maxBytes).
    case documentTooLarge(name: String, reason: String)
    /// A document of a type not accepted (settings: documents.contentTypes).
    case documentType(name: String, reason: String)
    /// A document whose file name may not be kept (``DocumentName``).
    case documentName(name: String, reason: String)
    /// The bytes are not what the document was sent as (a text file named x.pdf): `found` is what they are, if known.
    case documentContent(name: String, declared: String, found: String?)
    /// `gerbang sop migrate` named a version of an SOP the gateway has not stored.
    case unknownSOPVersion(sop: String, version: Int)
    /// `gerbang sop migrate` would strand or misplace cases: nothing was moved.
    case migrationRefused(sop: String, problems: [String])
    /// The case's NIB is new to the gateway and OSS has not yet been asked about it (checkNIB): no officer acts
    /// before OSS has said whether it froze or revoked it since its push.
    case awaitingNIBCheck(caseID: String, nib: String)
    /// The officer's token holds none of the roles an action needs (closing a case: the Kepala Dinas or an administrator).
    case notAllowed(action: String, roles: [String], tokenRoles: [String])
    /// An action that must say why (closing a case) came without a usable reason: `problem` says what is wrong.
    case badReason(action: String, problem: String)

    public var status: Int {
        switch self {
        case .caseNotFound, .unknownSOPVersion: 404
        case .migrationRefused: 422
        case .wrongRole, .notAllowed: 403
        case .badReason: 400
        case .refused(.stepNotActive), .refused(.caseEnded), .refused(.notOfficerStep), .awaitingNIBCheck: 409
        case .refused, .incomplete, .missingReference: 422
        case .documentTooLarge: 413
        case .documentType, .documentContent: 415
        case .documentName: 422
        case .unknownOperation, .noOSSCode: 500
        }
    }

    public var description: String {
        switch self {
        case .caseNotFound(let id):
            "no case \(id): check the case number (gerbang cases lists them)"
        case .missingReference(let caseID, let what, let message):
            "case \(caseID) has no \(what), which \(message) needs"
        case .unknownOperation(let operation, let message):
            "config/routing.json: \(message) is routed to operation '\(operation)', which the gateway does not know"
        case .noOSSCode(let sop, let moment, let authority):
            "config/routing.json: ossStatus.\(authority).\(sop).\(moment) is missing: give the code OSS gets when a \(sop) case is \(moment)"
        case .refused(let error):
            error.description
        case .wrongRole(let step, let role, let title, let tokenRoles):
            "step \(step) is done by \(title) (role \(role)); this token is for \(tokenRoles.joined(separator: ", "))"
        case .incomplete(let step, let missing):
            "step \(step) sends a message that needs " + missing.joined(separator: ", ")
        case .documentTooLarge(let name, let reason), .documentType(let name, let reason), .documentName(let name, let reason):
            "document \(DocumentName.shown(name)): \(reason)"
        case .unknownSOPVersion(let sop, let version):
            "SOP '\(sop)' has no stored version \(version): gerbang sop versions \(sop) lists them"
        case .notAllowed(let action, let roles, let tokenRoles):
            "\(action) is for \(roles.joined(separator: " or ")); this token holds \(tokenRoles.joined(separator: ", "))"
        case .badReason(let action, let problem):
            "\(action) needs a reason, what the applicant and the systems are told: \(problem)"
        case .awaitingNIBCheck(let caseID, let nib):
            "case \(caseID) waits on OSS: its NIB \(nib) is being checked (checkNIB) since its push arrived; try again in a moment"
        case .migrationRefused(let sop, let problems):
            "no case of SOP '\(sop)' was moved: " + problems.joined(separator: "; ")
        case .documentContent(let name, let declared, let found):
            "document \(DocumentName.shown(name)): sent as \(declared), but its bytes are "
                + (found.map { "\($0): send it as \($0)" } ?? "no PDF, JPEG or PNG (checked by their first bytes, not the name)")
        }
    }
}
