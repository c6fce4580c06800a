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

/// An SOP with every step, as `gerbang sop show ID --json` shows it. Durations
/// are objects with `value` and `unit` (`minutes`, `hours`, `workingDays`)
/// next to the seed's own text.
public struct DefinitionView: Codable, Equatable {
    public struct DurationView: Codable, Equatable {
        public let value: Int
        public let unit: StepDuration.Unit
        public let text: String
    }

    public struct StepView: Codable, Equatable {
        public let number: Int
        public let activity: String
        public let role: String
        public let roleTitle: String
        /// `officer`, `applicant` or `system`.
        public let performer: Role.Kind
        public let system: String?
        public let inputs: String?
        public let duration: DurationView?
        public let output: String?
        public let note: String?
        public let awaits: String?
        public let sends: [String]
        public let decision: Decision?
        public let returnsIncompleteTo: Int?
        public let gaps: [String]

        private enum CodingKeys: String, CodingKey {
            case number, activity, role, roleTitle, performer, system, inputs, duration, output, note, awaits, sends,
                 decision, returnsIncompleteTo, gaps
        }

        /// Every key is written, absent values as null, so each step has the same shape.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(number, forKey: .number)
            try c.encode(activity, forKey: .activity)
            try c.encode(role, forKey: .role)
            try c.encode(roleTitle, forKey: .roleTitle)
            try c.encode(performer, forKey: .performer)
            try c.encode(system, forKey: .system)
            try c.encode(inputs, forKey: .inputs)
            try c.encode(duration, forKey: .duration)
            try c.encode(output, forKey: .output)
            try c.encode(note, forKey: .note)
            try c.encode(awaits, forKey: .awaits)
            try c.encode(sends, forKey: .sends)
            try c.encode(decision, forKey: .decision)
            try c.encode(returnsIncompleteTo, forKey: .returnsIncompleteTo)
            try c.encode(gaps, forKey: .gaps)
        }
    }

    public let id: String
    public let title: String
    public let agency: String
    public let source: String
    public let legalBasis: [String]
    public let systems: [String]
    public let statedTotal: String?
    public let remarks: [String]
    public let gaps: [String]
    public let roles: [Role]
    public let steps: [StepView]

    public init(_ definition: ProcessDefinition) {
        id = definition.id
        title = definition.title
        agency = definition.agency
        source = definition.source
        legalBasis = definition.legalBasis
        systems = definition.systems
        statedTotal = definition.statedTotal
        remarks = definition.remarks
        gaps = definition.gaps
        roles = definition.roles
        steps = definition.steps.map { step in
            let role = definition.role(step.role)
            return StepView(
                number: step.number, activity: step.activity, role: step.role, roleTitle: role?.title ?? step.role,
                performer: role?.kind ?? .officer, system: role?.system, inputs: step.inputs,
                duration: step.time.map { DurationView(value: $0.value, unit: $0.unit, text: $0.text) },
                output: step.output, note: step.note, awaits: step.awaits, sends: step.sends, decision: step.decision,
                returnsIncompleteTo: step.returnsIncompleteTo, gaps: step.gaps)
        }
    }
}
