import NationalSystems

/// What the mock SIINas knows: verification requests, the notification feed and uploaded BAPs.
struct SIINasState: Codable, Sendable {
    var requests: [String: SIINasVerificationRequest] = [:]
    /// Which scenario each request came from.
    var requestScenarios: [String: String] = [:]
    var notifications: [SIINasNotification] = []
    /// Uploaded BAP documents by bap_id, base64 as received.
    var documents: [String: String] = [:]
    var nextSequence = 1
    var uploads = 0
    var scenarios: [String] = []
}
