import Foundation
import GatewayCore
import GatewayDaemon

/// `gerbang sop list`: the SOPs the gateway runs.
enum SOPListCommand: Command {
    static let name = "sop list"
    static let summary = "list the SOP definitions in config/sop"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--config"]
    static let help = """
        usage: gerbang sop list [--json] [--config DIR]

        Lists the SOPs: id, number of steps, the seed they were transcribed from, the
        agency whose SOP it is, title.
        \(Common.jsonHelp)
        \(Common.configHelp)

        example: gerbang sop list --json
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        let definitions = try Common.config(arguments).loadDefinitions()
        if arguments.has("--json") {
            try console.json(definitions.map(DefinitionSummaryView.init))
            return 0
        }
        let rows = definitions.map { [$0.id, "\($0.steps.count)", $0.source, $0.agency, $0.title] }
        TextTable.render(header: ["ID", "STEPS", "SOURCE", "AGENCY", "TITLE"], rows: rows, rightAligned: [1]).forEach(console.out)
        return 0
    }
}

/// `gerbang sop show ID`: one SOP, step by step.
enum SOPShowCommand: Command {
    static let name = "sop show"
    static let summary = "show one SOP step by step, with its decisions, or draw it as an SVG swimlane flow"
    static let flags: Set<String> = ["--json", "--svg"]
    static let options: Set<String> = ["--config"]
    static let help = """
        usage: gerbang sop show ID [--json | --svg] [--config DIR]

        Shows an SOP's steps: who performs each, its time standard, what it waits
        for or sends, where its decision leads, and what the seed leaves unclear; and
        its legal clock: the step at which the agency holds a complete application
        (routing.json statutoryClock) and the steps that are field checks.
          --svg          print the SOP as an SVG swimlane flow instead: a lane per role, a box
                         per step with its time standard, the Ya/Tidak branches as labelled
                         arrows, where the legal clock starts (the page /sop/ID adds the
                         cases waiting and late at each step)
        \(Common.jsonHelp)
        \(Common.configHelp)

        example: gerbang sop show izin-perluasan
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let id = try arguments.positionals("ID", command: name)[0]
        let directory = try Common.config(arguments)
        let definitions = try directory.loadDefinitions()
        guard let definition = definitions.first(where: { $0.id == id }) else {
            throw FailureError(message: "gerbang sop show: no SOP '\(id)': known ones are \(definitions.map(\.id).joined(separator: ", "))")
        }
        let rules = try RoutingRules.load(file: directory.path + "/routing.json", definitions: definitions)
        let clock = LegalClockView(definition, rules: rules)
        if arguments.has("--svg") {
            console.out(String(SOPDiagram(definition, clockStartsAt: clock.startsAt).svg.dropLast()))
            return 0
        }
        if arguments.has("--json") {
            try console.json(ShownDefinition(definition: definition, legalClock: clock))
            return 0
        }
        console.out("\(definition.title)  [\(definition.id)]")
        console.out("agency:  \(definition.agency)")
        console.out("source:  \(definition.source)")
        if !definition.legalBasis.isEmpty { console.out("legal basis: \(definition.legalBasis.joined(separator: "; "))") }
        if !definition.systems.isEmpty { console.out("systems: \(definition.systems.joined(separator: ", "))") }
        if let total = definition.statedTotal { console.out("stated total: \(total)") }
        console.out("legal clock: " + clock.text)
        console.out("roles:   " + definition.roles.map { "\($0.id) (\($0.title)\($0.kind == .officer ? "" : ", \($0.kind.rawValue)"))" }.joined(separator: ", "))
        for step in definition.steps {
            console.out("")
            console.out("\(step.number). [\(step.role)] \(step.duration?.text ?? "no time")  \(step.activity)")
            if let inputs = step.inputs { console.out("     needs:   \(inputs)") }
            if let output = step.output { console.out("     output:  \(output)") }
            if let note = step.note { console.out("     note:    \(note)") }
            if let awaits = step.awaits { console.out("     awaits:  \(awaits)") }
            if !step.sends.isEmpty { console.out("     sends:   \(step.sends.joined(separator: ", "))") }
            if let decision = step.decision {
                console.out("     decides: \(decision.question)")
                console.out("       yes → \(describe(decision.yes))")
                console.out("       no  → \(describe(decision.no))")
            }
            if let back = step.returnsIncompleteTo { console.out("     if incomplete → back to the applicant at step \(back)") }
            if let deadline = step.deadline { console.out("     deadline: \(deadline.text), apart from its waktu (see the gap)") }
            switch step.fieldCheck {
            case .always?: console.out("     field check: the statutory period is the field check's")
            case .ifYes?: console.out("     field check: 'yes' lengthens the statutory period to the field check's")
            case nil: break
            }
            if step.number == clock.startsAt { console.out("     legal clock starts here: the agency holds a complete application") }
            if !step.observable { console.out("     not observable: no system sees it done; the next observable event closes it") }
            step.gaps.forEach { console.out("     gap:     \($0)") }
        }
        return 0
    }

    private static func describe(_ branch: Branch) -> String {
        let target = switch branch.target {
        case .step(let n): "step \(n)"
        case .returnToApplicant(let n): "back to the applicant at step \(n)"
        case .end(let outcome): "end, \(outcome.rawValue)"
        }
        let outcome = branch.outcome.map { ", outcome \($0.rawValue)" } ?? ""
        return target + outcome + (branch.reason.map { " (\($0))" } ?? "")
    }
}

/// `gerbang sop check FILE...`: validate definition files before deploying them.
enum SOPCheckCommand: Command {
    struct Result: Encodable {
        let file: String
        let ok: Bool
        let steps: Int?
        let problems: [DefinitionProblem]
    }

    static let name = "sop check"
    static let summary = "check SOP definition files; exit 1 naming each problem"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--config"]
    static let help = """
        usage: gerbang sop check [FILE...] [--json] [--config DIR]

        Decodes and validates definition files: step numbers run 1, 2, 3, …;
        every branch leads to a step that exists; every role is declared;
        applicant and system steps name their event; durations read as
        'N menit', 'N jam' or 'N hari'; a stated total matches the steps.
        Without FILE, checks every file in config/sop. Exits 1 if any has a problem.
        \(Common.jsonHelp)
        \(Common.configHelp)

        example: gerbang sop check config/sop/izin-perluasan.json
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let files = arguments.positionals.isEmpty ? try Common.config(arguments).definitionFiles() : arguments.positionals
        var results: [Result] = []
        for file in files {
            do {
                let definition = try ConfigDirectory.loadDefinition(file: file)
                results.append(Result(file: file, ok: true, steps: definition.steps.count, problems: []))
            } catch {
                results.append(Result(file: file, ok: false, steps: nil, problems: error.problems))
            }
        }
        if arguments.has("--json") {
            try console.json(results)
        } else {
            for result in results {
                if result.ok {
                    console.out("ok  \(result.file): \(result.steps ?? 0) steps")
                } else {
                    result.problems.forEach { console.error($0.description) }
                }
            }
        }
        return results.allSatisfy(\.ok) ? 0 : 1
    }
}

/// Where an SOP's statutory clock starts and which of its steps are field checks, for `sop show`.
struct LegalClockView: Encodable {
    /// The step at which the agency holds a complete application (routing.json statutoryClock); nil when no clock runs.
    let startsAt: Int?
    /// Steps that are a field check, and the deciding steps whose "yes" means one.
    let fieldChecks: [Int]
    let fieldCheckDecisions: [Int]

    init(_ definition: ProcessDefinition, rules: RoutingRules) {
        startsAt = rules.statutoryClock?[definition.id]
        fieldChecks = definition.steps.filter { $0.fieldCheck == .always }.map(\.number)
        fieldCheckDecisions = definition.steps.filter { $0.fieldCheck == .ifYes }.map(\.number)
    }

    var text: String {
        guard let startsAt else { return "none (no permit in OSS awaits this SOP)" }
        var parts = ["starts at step \(startsAt)"]
        if !fieldChecks.isEmpty { parts.append("field check at step \(fieldChecks.map(String.init).joined(separator: ", ")): the longer period") }
        if !fieldCheckDecisions.isEmpty {
            parts.append("step \(fieldCheckDecisions.map(String.init).joined(separator: ", ")) 'yes' means a field check: the longer period")
        }
        return parts.joined(separator: "; ")
    }
}

/// `sop show --json`: the definition with its legal clock.
struct ShownDefinition: Encodable {
    let definition: ProcessDefinition
    let legalClock: LegalClockView

    func encode(to encoder: any Encoder) throws {
        try definition.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(legalClock, forKey: .legalClock)
    }

    private enum Keys: String, CodingKey {
        case legalClock
    }
}
