import GatewayCore

/// An SOP as `gerbang sop list --json` shows it.
public struct DefinitionSummaryView: Codable, Equatable {
    public let id: String
    public let title: String
    public let source: String
    public let steps: Int
    public let agency: String
    public let systems: [String]

    public init(_ definition: ProcessDefinition) {
        id = definition.id
        title = definition.title
        source = definition.source
        steps = definition.steps.count
        agency = definition.agency
        systems = definition.systems
    }
}
