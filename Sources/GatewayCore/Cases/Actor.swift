/// Who caused an entry in a case's history.
public enum Actor: Sendable, Hashable, Codable, CustomStringConvertible {
    /// An officer, acting in one of their roles.
    case officer(id: String, role: String)
    /// The applicant (pemohon, pelaku usaha), through a national system or application.
    case applicant(via: String?)
    /// A national system or application acting on its own ("OSS", "SIINas").
    case system(String)
    /// The gateway itself: opening a case, noticing a deadline.
    case gateway

    public var description: String {
        switch self {
        case .officer(let id, let role): "\(id) (\(role))"
        case .applicant(let via): via.map { "pemohon via \($0)" } ?? "pemohon"
        case .system(let name): name
        case .gateway: "gerbang"
        }
    }
}

/// An officer as the engine sees them: an id and the roles they may act in.
public struct Officer: Sendable, Hashable {
    public let id: String
    public let roles: Set<String>

    public init(id: String, roles: Set<String>) {
        self.id = id
        self.roles = roles
    }
}
