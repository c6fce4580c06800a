import NationalSystems

/// What the mock SIPRO knows: registrations waiting to be made, applications and the event feed.
struct SIPROState: Codable, Sendable {
    /// Registrations a scenario provides, made when their `pendaftaran.baru` event is emitted.
    var pending: [String: SIPRORegistration] = [:]
    var applications: [String: SIPROApplication] = [:]
    /// Which scenario each registration number came from.
    var registrationScenarios: [String: String] = [:]
    var events: [SIPROEvent] = []
    var nextSequence = 1
    var scenarios: [String] = []
    /// Letters the Dinas sent to DPMPTSP's incoming-letter box, by agenda number.
    var letters: [String: DPMPTSPLetter] = [:]
    var nextAgenda = 1

    enum CodingKeys: String, CodingKey {
        case pending, applications, registrationScenarios, events, nextSequence, scenarios, letters, nextAgenda
    }

    init() {}

    /// Reads state files written before letters existed, too.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pending = try container.decode([String: SIPRORegistration].self, forKey: .pending)
        applications = try container.decode([String: SIPROApplication].self, forKey: .applications)
        registrationScenarios = try container.decode([String: String].self, forKey: .registrationScenarios)
        events = try container.decode([SIPROEvent].self, forKey: .events)
        nextSequence = try container.decode(Int.self, forKey: .nextSequence)
        scenarios = try container.decode([String].self, forKey: .scenarios)
        letters = try container.decodeIfPresent([String: DPMPTSPLetter].self, forKey: .letters) ?? [:]
        nextAgenda = try container.decodeIfPresent(Int.self, forKey: .nextAgenda) ?? 1
    }
}
