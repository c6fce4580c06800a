import Foundation
import GatewayCore

/// Everything the gateway reads at start: gerbang.json (with the
/// environment's overrides), the secrets, and beside it the SOPs, the work
/// calendar and the routing rules. Loaded and checked together, so a
/// misconfiguration stops the start with a message rather than a case later.
public struct GatewayConfiguration: Sendable {
    public var settings: GatewaySettings
    public let secrets: Secrets
    public let definitions: [ProcessDefinition]
    public let calendar: WorkCalendar
    public let rules: RoutingRules
    /// The folder the files came from.
    public let folder: String

    public init(settings: GatewaySettings, secrets: Secrets, definitions: [ProcessDefinition], calendar: WorkCalendar,
                rules: RoutingRules, folder: String) {
        self.settings = settings
        self.secrets = secrets
        self.definitions = definitions
        self.calendar = calendar
        self.rules = rules
        self.folder = folder
    }

    /// Loads `file` (a gerbang.json) and the sop/, calendar/ and routing.json beside it.
    public static func load(file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GatewayConfiguration {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        let directory = ConfigDirectory(path: folder)
        let settings = try GatewaySettings.load(file: file, environment: environment)
        let definitions = try directory.loadDefinitions()
        let calendar = try directory.loadCalendar()
        let rules = try RoutingRules.load(file: "\(folder)/routing.json", definitions: definitions)
        if let (field, message) = rules.missingOSSCodes(for: settings.agency.authority, definitions: definitions) {
            throw SettingsError(file: "\(folder)/routing.json", field: field, message: message)
        }
        let sops = Set(definitions.map(\.id))
        for sop in settings.serviceLevels.applicantTimeoutWorkingDays.keys.sorted() where !sops.contains(sop) {
            throw SettingsError(file: file, field: "serviceLevels.applicantTimeoutWorkingDays.\(sop)",
                                message: "'\(sop)' is not an SOP in config/sop (known: \(sops.sorted().joined(separator: ", ")))")
        }
        let roles = definitions.flatMap { $0.officerRoles }
        let secrets = try Secrets.resolve(settings: settings, roles: roles, environment: environment)
        return GatewayConfiguration(settings: settings, secrets: secrets, definitions: definitions, calendar: calendar, rules: rules,
                                    folder: folder)
    }

    /// The gerbang.json to use: an explicit path, else `GERBANG_CONFIG`, else gerbang.json in the config folder
    /// ``ConfigDirectory/locate(explicit:environment:currentDirectory:executable:)`` finds.
    public static func locateFile(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let given = explicit ?? environment["GERBANG_CONFIG"] { return given }
        return try ConfigDirectory.locate(explicit: nil, environment: environment).path + "/gerbang.json"
    }
}
