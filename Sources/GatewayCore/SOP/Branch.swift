/// How a case ends.
public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
    case approved, rejected
    /// The permit stays not yet effective (belum berlaku efektif): it was issued pending commitments
    /// and one of them was not met (SOP 002 step 20: "IP Masih Belum Berlaku Efektif"). Not a
    /// rejection: the permit exists, the business may not yet use it (PP 5/2021; OSS codes 12 and 52).
    case notEffective
    /// OSS revoked the NIB (receiveNIB tipe_dokumen 3, pencabutan; status_nib 06, dicabut): the
    /// application has nothing left to stand on. Not the agency's rejection.
    case revoked
    /// OSS cancelled the NIB (tipe_dokumen 4, pembatalan): as if it had never been issued.
    case cancelled
    /// OSS approved the permit by itself once the agency's statutory time had passed (status 57, fiktif positif,
    /// UU 11/2020 Pasal 175 angka 6): nothing is left for the agency to decide.
    case approvedByOSS
    /// The agency closed the case before its SOP ended (the applicant withdrew, or the file could not go on), with
    /// the reason an officer gave: no decision on the application, and its permit's commitments are not pursued.
    case withdrawn

    /// The outcome as the pages say it.
    public var indonesian: String {
        switch self {
        case .approved: "disetujui"
        case .rejected: "ditolak"
        case .notEffective: "belum berlaku efektif"
        case .revoked: "NIB dicabut"
        case .cancelled: "NIB dibatalkan"
        case .approvedByOSS: "disetujui OSS (fiktif positif)"
        case .withdrawn: "ditutup (permohonan ditarik)"
        }
    }
}

/// Where a case goes after a step.
public enum BranchTarget: Sendable, Hashable {
    /// Another step of the same SOP (earlier for a "Tidak" that sends work back).
    case step(Int)
    /// Back to the applicant: the case waits at that applicant step until they submit again.
    case returnToApplicant(step: Int)
    /// The end of the case.
    case end(Outcome)
}

/// One way out of a decision: a target, and optionally the outcome the case
/// will have when it ends (SOP 000 step 5 drafts either an approval or a
/// rejection letter, and the case goes on to have it corrected and signed).
public struct Branch: Sendable, Hashable {
    public let target: BranchTarget
    public let outcome: Outcome?
    /// Why this branch exists, in the SOP's words, shown to officers and applicants.
    public let reason: String?

    public init(_ target: BranchTarget, outcome: Outcome? = nil, reason: String? = nil) {
        self.target = target
        self.outcome = outcome
        self.reason = reason
    }
}

/// The yes/no question a step answers ("Ya" / "Tidak" in the SOP's flowchart).
public struct Decision: Sendable, Hashable, Codable {
    public let question: String
    public let yes: Branch
    public let no: Branch

    public init(question: String, yes: Branch, no: Branch) {
        self.question = question
        self.yes = yes
        self.no = no
    }

    public func branch(for answer: Answer) -> Branch {
        switch answer {
        case .yes: yes
        case .no: no
        }
    }
}

/// An answer to a decision.
public enum Answer: String, Sendable, Hashable, Codable {
    case yes, no
}

/// In the definition files a branch is one of `{"step": 6}`,
/// `{"returnToApplicant": 1}` or `{"end": "rejected"}`, with optional
/// `outcome` and `reason`.
extension Branch: Codable {
    private enum Keys: String, CodingKey {
        case step, returnToApplicant, end, outcome, reason
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let step = try container.decodeIfPresent(Int.self, forKey: .step)
        let applicantStep = try container.decodeIfPresent(Int.self, forKey: .returnToApplicant)
        let end = try container.decodeIfPresent(Outcome.self, forKey: .end)
        let targets: [BranchTarget] = [
            step.map(BranchTarget.step),
            applicantStep.map { .returnToApplicant(step: $0) },
            end.map(BranchTarget.end),
        ].compactMap { $0 }
        guard targets.count == 1, let target = targets.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a branch names exactly one of 'step', 'returnToApplicant' or 'end'"))
        }
        self.init(
            target,
            outcome: try container.decodeIfPresent(Outcome.self, forKey: .outcome),
            reason: try container.decodeIfPresent(String.self, forKey: .reason))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch target {
        case .step(let number): try container.encode(number, forKey: .step)
        case .returnToApplicant(let number): try container.encode(number, forKey: .returnToApplicant)
        case .end(let outcome): try container.encode(outcome, forKey: .end)
        }
        try container.encodeIfPresent(outcome, forKey: .outcome)
        try container.encodeIfPresent(reason, forKey: .reason)
    }
}
