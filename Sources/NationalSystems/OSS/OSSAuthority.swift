/// What an agency may say to OSS about a permit, by its role in licensing
/// (PIA Lampiran 10; oss-rba.md §1.7; DESIGN.md rule 13).
///
/// A Dinas teknis verifies requirements and commitments: it reports 45
/// (persyaratan terverifikasi), 93 (penolakan persyaratan) and 12 (pemenuhan
/// komitmen). Issuing and refusing a permit belongs to the licensing authority
/// (DPMPTSP): 49 to take the permit's number, 50 through `receiveLicense`
/// (IZINFINAL), 52 for a permit issued pending its commitments, 90 for a
/// refusal. OSS answers any other code from the agency with 403 (illegal access).
public enum OSSAuthority: String, Sendable, Codable, CaseIterable {
    case technical
    case licensing

    /// The status codes this authority sends: its own, and the clock's where the agency chose them.
    public var allowedCodes: Set<OSSStatusCode> { ownCodes.union(Self.optIn) }

    /// The status codes that tell OSS what this authority decided (PIA Lampiran 10).
    public var ownCodes: Set<OSSStatusCode> {
        switch self {
        case .technical: [.commitmentFulfilment, .requirementsVerified, .requirementsRejected]
        case .licensing: [.numberTaken, .approved, .issuedPendingCommitment, .rejected]
        }
    }

    /// 41 and 42 stop and restart the SLA clock while the applicant holds a returned file (oss-rba.md §1.7). The guide
    /// does not say whether a Dinas teknis may send them, so an agency sends them only where its routing.json ossStatus
    /// lists them (`returned`, `resubmitted`): none does by default.
    public static let optIn: Set<OSSStatusCode> = [.clockPaused, .clockResumed]

    /// "a technical agency (Dinas teknis)"
    public var title: String {
        switch self {
        case .technical: "a technical agency (Dinas teknis)"
        case .licensing: "a licensing authority (DPMPTSP)"
        }
    }
}
