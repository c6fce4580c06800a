/// One numbered row of an SOP table.
///
/// The text fields keep the seed's words (uraian kegiatan, kelengkapan,
/// waktu, output, keterangan); `gaps` records where the seed is garbled or
/// silent and what was read into it, so nobody mistakes a reading for a source.
public struct Step: Sendable, Hashable, Codable {
    /// How a step bears on the statutory clock: a field check (pemeriksaan lapangan) gives the
    /// agency the longer statutory time (PP 5/2021; `serviceLevels.fieldCheckDays`).
    public enum FieldCheck: String, Sendable, Hashable, Codable {
        /// The step is itself a field check, whenever a case reaches it.
        case always
        /// The step decides whether a field check is needed: its "Ya" means one.
        case ifYes
    }

    public let number: Int
    /// Uraian kegiatan.
    public let activity: String
    /// The id of the role that performs the step (pelaksana).
    public let role: String
    /// Kelengkapan / persyaratan: what the step needs.
    public let inputs: String?
    /// Waktu: the time standard; nil where the seed gives none.
    public let duration: StepDuration?
    /// The time the step's deadline follows when the seed itself sets another one than its waktu
    /// (SOP 001 step 3: "900 Menit", but "Pelaksanaan Dalam 3 Hari"); the step's gaps say why.
    public let deadline: StepDuration?
    /// Output / keluaran.
    public let output: String?
    /// Keterangan: legal basis or remark, as the seed writes it.
    public let note: String?
    /// For an applicant or system step: the inbound event that completes it.
    public let awaits: String?
    /// Outbound messages the step causes when it completes.
    public let sends: [String]
    /// The step's yes/no question, if it has one.
    public let decision: Decision?
    /// An applicant step the officer may send the application back to as
    /// incomplete ("apabila tidak lengkap dikembalikan kepada pemohon").
    public let returnsIncompleteTo: Int?
    /// A field check, or the decision on one.
    public let fieldCheck: FieldCheck?
    /// False for a step no system can see done (an applicant downloading a letter): it is shown as
    /// not observable, keeps no deadline, and the next observable event closes it.
    public let observable: Bool
    /// Where the seed is garbled by OCR or silent, and how it was read.
    public let gaps: [String]

    public init(
        number: Int, activity: String, role: String, inputs: String? = nil, duration: StepDuration? = nil,
        deadline: StepDuration? = nil, output: String? = nil, note: String? = nil, awaits: String? = nil, sends: [String] = [],
        decision: Decision? = nil, returnsIncompleteTo: Int? = nil, fieldCheck: FieldCheck? = nil, observable: Bool = true,
        gaps: [String] = []
    ) {
        self.number = number
        self.activity = activity
        self.role = role
        self.inputs = inputs
        self.duration = duration
        self.deadline = deadline
        self.output = output
        self.note = note
        self.awaits = awaits
        self.sends = sends
        self.decision = decision
        self.returnsIncompleteTo = returnsIncompleteTo
        self.fieldCheck = fieldCheck
        self.observable = observable
        self.gaps = gaps
    }

    /// The time standard the step's deadline follows: its own deadline where the seed sets one apart,
    /// else its waktu; none for a step nobody can see done.
    public var deadlineStandard: StepDuration? {
        observable ? deadline ?? duration : nil
    }

    private enum CodingKeys: String, CodingKey {
        case number, activity, role, inputs, duration, deadline, output, note, awaits, sends, decision, returnsIncompleteTo, fieldCheck,
             observable, gaps
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            number: try c.decode(Int.self, forKey: .number),
            activity: try c.decode(String.self, forKey: .activity),
            role: try c.decode(String.self, forKey: .role),
            inputs: try c.decodeIfPresent(String.self, forKey: .inputs),
            duration: try c.decodeIfPresent(StepDuration.self, forKey: .duration),
            deadline: try c.decodeIfPresent(StepDuration.self, forKey: .deadline),
            output: try c.decodeIfPresent(String.self, forKey: .output),
            note: try c.decodeIfPresent(String.self, forKey: .note),
            awaits: try c.decodeIfPresent(String.self, forKey: .awaits),
            sends: try c.decodeIfPresent([String].self, forKey: .sends) ?? [],
            decision: try c.decodeIfPresent(Decision.self, forKey: .decision),
            returnsIncompleteTo: try c.decodeIfPresent(Int.self, forKey: .returnsIncompleteTo),
            fieldCheck: try c.decodeIfPresent(FieldCheck.self, forKey: .fieldCheck),
            observable: try c.decodeIfPresent(Bool.self, forKey: .observable) ?? true,
            gaps: try c.decodeIfPresent([String].self, forKey: .gaps) ?? [])
    }

    /// Every key is written, absent values as null, so each step has the same shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(activity, forKey: .activity)
        try c.encode(role, forKey: .role)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(duration, forKey: .duration)
        try c.encode(deadline, forKey: .deadline)
        try c.encode(output, forKey: .output)
        try c.encode(note, forKey: .note)
        try c.encode(awaits, forKey: .awaits)
        try c.encode(sends, forKey: .sends)
        try c.encode(decision, forKey: .decision)
        try c.encode(returnsIncompleteTo, forKey: .returnsIncompleteTo)
        try c.encode(fieldCheck, forKey: .fieldCheck)
        try c.encode(observable, forKey: .observable)
        try c.encode(gaps, forKey: .gaps)
    }
}
