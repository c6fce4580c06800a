import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// The SOP definitions a gateway knows: those in force, by id, and every version it has stored. A case
/// follows the version it opened on (``CaseSummary/sopVersion``); readers that show a case's step (its
/// activity, its role) ask ``definition(_:version:)`` so an old case reads as its own SOP says.
public struct SOPDefinitions: Sendable {
    public let inForce: [String: ProcessDefinition]
    /// The stored version of each definition in force.
    public let versionInForce: [String: Int]
    private struct Key: Hashable {
        let sop: String
        let version: Int
    }

    /// Every stored version that this gerbang can read.
    private let stored: [Key: ProcessDefinition]

    public init(inForce definitions: [ProcessDefinition], stored versions: [StoredSOP] = []) {
        inForce = Dictionary(definitions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var stored: [Key: ProcessDefinition] = [:]
        for version in versions {
            // A version stored by another gerbang that this one cannot read is left out: its cases say so when handled.
            guard let definition = try? JSONValue.decode(Data(version.definition.utf8)).decode(ProcessDefinition.self) else { continue }
            stored[Key(sop: version.sopID, version: version.version)] = definition
        }
        self.stored = stored
        let numbered = Dictionary(versions.map { ("\($0.sopID) \($0.digest)", $0.version) }, uniquingKeysWith: { first, _ in first })
        versionInForce = inForce.compactMapValues { numbered["\($0.id) \(Self.canonical($0).digest)"] }
    }

    /// The definition of one version of an SOP; the one in force without a version.
    public func definition(_ sop: String, version: Int?) -> ProcessDefinition? {
        guard let version else { return inForce[sop] }
        return stored[Key(sop: sop, version: version)]
    }

    /// Where step `number` of the version in force of `sop` is in `version`: the step with the same activity (the
    /// seed's words, which a renumbered version keeps); the same number in the version in force or without a version.
    /// Nil when that version has no such step. What routing.json names by number (statusDocument) means the same paper
    /// for a case that finishes on an older version.
    public func step(_ number: Int, of sop: String, inVersion version: Int?) -> Int? {
        guard let version, versionInForce[sop] != version, let own = definition(sop, version: version) else { return number }
        guard let activity = inForce[sop]?.step(number)?.activity else { return nil }
        return own.steps.first { $0.activity == activity }?.number
    }

    /// Every stored version's definition, and those in force not stored.
    public var all: [ProcessDefinition] {
        Array(stored.values) + inForce.values.filter { versionInForce[$0.id] == nil }
    }

    /// A definition as stored: its canonical JSON (keys sorted) and that text's SHA-256.
    public static func canonical(_ definition: ProcessDefinition) -> (text: String, digest: String) {
        let bytes = [UInt8](JSONValue.from(definition).encoded())
        return (String(decoding: bytes, as: UTF8.self), Digest.sha256Hex(bytes))
    }

    /// Stores each definition in force under a version (a new one when its content changed since) and gives
    /// the cases opened before versions were kept the version in force of their SOP.
    /// - Returns: every stored version, for ``init(inForce:stored:)``.
    public static func store(_ definitions: [ProcessDefinition], in database: GatewayDatabase, at time: Date) throws -> [StoredSOP] {
        for definition in definitions {
            let (text, digest) = canonical(definition)
            let version = try database.sopVersions.register(sopID: definition.id, digest: digest, definition: text, at: time)
            try database.sopVersions.adoptUnversioned(sopID: definition.id, version: version)
        }
        return try database.sopVersions.all()
    }

    /// The definitions in force with the versions a database holds (for the CLI, which reads the gateway's database).
    public static func reading(_ definitions: [ProcessDefinition], from database: GatewayDatabase) throws -> SOPDefinitions {
        SOPDefinitions(inForce: definitions, stored: try database.sopVersions.all())
    }
}
