/// Who performs a step: a column of the SOP's "pelaksana" table.
public struct Role: Sendable, Hashable, Codable {
    /// Who stands behind the role, which decides how its steps complete:
    /// an officer decides through the gateway, the applicant and national
    /// systems complete their steps by sending a message.
    public enum Kind: String, Sendable, Codable {
        case officer, applicant, system
    }

    /// Short, stable identifier used by steps and by officers' role tokens ("kabid").
    public let id: String
    /// The role as the SOP names it ("Kepala Bidang Perindustrian").
    public let title: String
    public let kind: Kind
    /// For a system role, the national system or application ("OSS", "SIINas", "SIPRO", "Aplikasi").
    public let system: String?

    public init(id: String, title: String, kind: Kind, system: String? = nil) {
        self.id = id
        self.title = title
        self.kind = kind
        self.system = system
    }
}
