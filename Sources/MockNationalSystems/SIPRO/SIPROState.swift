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
}
