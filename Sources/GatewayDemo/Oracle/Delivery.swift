import Foundation

/// A message a national system takes from the agency, named by what it says rather than by any key the
/// gateway chose: the system, the operation, what it is about (an id_izin, a SIINas request, a SIPRO
/// registration) and the detail that tells two messages about one subject apart (a status code, a BAP's
/// number, the SOP step a letter comes from). Two arrivals with the same name are the same message twice.
public struct Delivery: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    /// "oss", "siinas", "sipro", or "dpmptsp" (the DPMPTSP's letter box, served by SIPRO).
    public let target: String
    public let operation: String
    public let subject: String
    /// Empty when the operation happens once per subject (a permit's number, its pickup).
    public let detail: String

    public init(target: String, operation: String, subject: String, detail: String = "") {
        self.target = target
        self.operation = operation
        self.subject = subject
        self.detail = detail
    }

    public var description: String {
        "\(target) \(operation) \(subject)" + (detail.isEmpty ? "" : " \(detail)")
    }

    public static func < (left: Delivery, right: Delivery) -> Bool {
        (left.target, left.operation, left.subject, left.detail) < (right.target, right.operation, right.subject, right.detail)
    }
}

/// What a planned case must cause in the national systems, written from its SOP: the subject is filled in
/// from the case's own identifiers when the case is known.
public enum PlannedDelivery: Sendable, Equatable {
    /// IZINSTATUS with this kd_status (a technical agency's 45, 93, 12; a DPMPTSP's 52, 90).
    case ossStatus(String)
    /// IZINFINAL with this status_izin (a DPMPTSP's 49, then 50).
    case ossPermit(String)
    /// The BAP with this number to the SIINas request (SOP 002 step 17).
    case bap(number: String)
    /// The SIINas request returned to its applicant as incomplete (SOP 000 step 5).
    case returnedThroughSIINas
    /// The SIINas request closed by the agency: its case was withdrawn.
    case closedThroughSIINas
    /// A letter to DPMPTSP from this SOP step (SOP 002 step 17's copy of the BAP, SOP 001 step 8).
    case letter(step: Int)
    /// A SIPRO registration's status (SOP 003).
    case siproStatus(String)
    case permitNumber
    case readyForPickup

    /// The delivery for a case about `reference` (its id_izin or SIPRO registration) and, for a BAP, its SIINas request.
    public func resolved(reference: String, siinasRequest: String?) -> Delivery {
        switch self {
        case .ossStatus(let code): Delivery(target: "oss", operation: "receiveLicenseStatus", subject: reference, detail: code)
        case .ossPermit(let code): Delivery(target: "oss", operation: "receiveLicense", subject: reference, detail: code)
        case .bap(let number): Delivery(target: "siinas", operation: "bap", subject: siinasRequest ?? "?", detail: number)
        case .returnedThroughSIINas: Delivery(target: "siinas", operation: "pengembalian", subject: siinasRequest ?? "?")
        case .closedThroughSIINas: Delivery(target: "siinas", operation: "penutupan", subject: siinasRequest ?? "?")
        case .letter(let step): Delivery(target: "dpmptsp", operation: "surat-masuk", subject: reference, detail: "step \(step)")
        case .siproStatus(let status): Delivery(target: "sipro", operation: "status", subject: reference, detail: status)
        case .permitNumber: Delivery(target: "sipro", operation: "nomor-izin", subject: reference)
        case .readyForPickup: Delivery(target: "sipro", operation: "siap-diambil", subject: reference)
        }
    }
}
