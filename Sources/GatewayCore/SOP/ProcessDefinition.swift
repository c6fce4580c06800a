import Foundation

/// An SOP as data: the steps a case follows, who performs each, their time
/// standards and the decisions between them. One file per SOP under
/// `config/sop/`, transcribed from the seeds in `shared/seeds/`.
///
/// Build one with ``load(from:file:)``, which decodes and then validates, so
/// that the engine only ever runs definitions whose branches all lead somewhere.
public struct ProcessDefinition: Sendable, Hashable, Codable {
    /// Stable identifier, equal to the file's base name ("izin-perluasan").
    public let id: String
    public let title: String
    /// The office or agency that runs the SOP, as the seed names it.
    public let agency: String
    /// The seed file this definition was transcribed from.
    public let source: String
    /// Dasar hukum: the regulations the seed cites.
    public let legalBasis: [String]
    /// National systems and applications the SOP exchanges with.
    public let systems: [String]
    /// The seed's own total time, where it states one ("19 Jam 40 Menit").
    public let statedTotal: String?
    /// Text of the seed outside the table that belongs to the SOP (warnings, record keeping).
    public let remarks: [String]
    /// Where the seed as a whole is garbled or silent, and how it was read.
    public let gaps: [String]
    public let roles: [Role]
    public let steps: [Step]

    public init(
        id: String, title: String, agency: String = "", source: String, legalBasis: [String] = [],
        systems: [String] = [], statedTotal: String? = nil, remarks: [String] = [], gaps: [String] = [],
        roles: [Role], steps: [Step]
    ) {
        self.id = id
        self.title = title
        self.agency = agency
        self.source = source
        self.legalBasis = legalBasis
        self.systems = systems
        self.statedTotal = statedTotal
        self.remarks = remarks
        self.gaps = gaps
        self.roles = roles
        self.steps = steps
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, agency, source, legalBasis, systems, statedTotal, remarks, gaps, roles, steps
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            title: try c.decode(String.self, forKey: .title),
            agency: try c.decodeIfPresent(String.self, forKey: .agency) ?? "",
            source: try c.decode(String.self, forKey: .source),
            legalBasis: try c.decodeIfPresent([String].self, forKey: .legalBasis) ?? [],
            systems: try c.decodeIfPresent([String].self, forKey: .systems) ?? [],
            statedTotal: try c.decodeIfPresent(String.self, forKey: .statedTotal),
            remarks: try c.decodeIfPresent([String].self, forKey: .remarks) ?? [],
            gaps: try c.decodeIfPresent([String].self, forKey: .gaps) ?? [],
            roles: try c.decode([Role].self, forKey: .roles),
            steps: try c.decode([Step].self, forKey: .steps))
    }

    /// The step with this number, if there is one.
    public func step(_ number: Int) -> Step? {
        steps.indices.contains(number - 1) && steps[number - 1].number == number
            ? steps[number - 1]
            : steps.first { $0.number == number }
    }

    /// The agency's roles (kind officer), in the order the definition lists them.
    public var officerRoles: [String] {
        roles.filter { $0.kind == .officer }.map(\.id)
    }

    /// The role with this id, if it is declared.
    public func role(_ id: String) -> Role? {
        roles.first { $0.id == id }
    }

    /// Whether the applicant performs step `number` and every step that can follow it: the agency's part of the
    /// SOP is done once a case reaches it (SOP 004 step 8, the upload of the signed recommendation; SOP 003 step 11,
    /// the pickup), so what the agency owes the permit is given there, not after the applicant acts.
    public func onlyTheApplicantActs(from number: Int) -> Bool {
        reachableSteps(from: number).allSatisfy { step($0).flatMap { role($0.role) }?.kind == .applicant }
    }

    /// Decodes a definition file and validates it.
    /// - Parameters:
    ///   - data: the file's bytes (JSON).
    ///   - file: the path to name in errors ("config/sop/izin-perluasan.json").
    /// - Throws: ``DefinitionError`` listing every problem found, each naming the file, the step and the field.
    public static func load(from data: Data, file: String) throws(DefinitionError) -> ProcessDefinition {
        let definition: ProcessDefinition
        do {
            definition = try JSONDecoder().decode(ProcessDefinition.self, from: data)
        } catch let error as DecodingError {
            throw DefinitionError(problems: [DefinitionProblem(file: file, decodingError: error, reading: data)])
        } catch {
            throw DefinitionError(problems: [DefinitionProblem(file: file, step: nil, field: nil, message: "\(error)")])
        }
        let problems = definition.problems(file: file)
        guard problems.isEmpty else { throw DefinitionError(problems: problems) }
        return definition
    }
}
