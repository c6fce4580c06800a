import Foundation
import GatewayCore
import GatewayDaemon
import GatewayStore
import NationalSystems

/// `gerbang sop versions ID`: the versions of an SOP the gateway has put in force, and the cases on each.
enum SOPVersionsCommand: Command {
    static let name = "sop versions"
    static let summary = "list the stored versions of one SOP and the cases that follow each"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--db"]
    static let help = """
        usage: gerbang sop versions ID [--json] [--db FILE]

        The gateway stores each SOP definition it puts in force (at its start and at
        each SIGHUP reload) under a version, with the SHA-256 of its canonical JSON; a
        changed file is a new version for the cases opened from then on, while open
        cases finish on the version they opened on. Lists the versions: number, when
        stored, digest, the cases that follow it and how many of them are still open.
        \(Common.jsonHelp)
        \(Common.databaseHelp)

        example: gerbang sop versions izin-perluasan
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let id = try arguments.positionals("ID", command: name)[0]
        let database = try GatewayDatabase.openForReading(path: Common.databasePath(arguments))
        let versions = try database.sopVersions.versions(of: id)
        guard !versions.isEmpty else { throw FailureError(message: "gerbang sop versions: no version of SOP '\(id)' is stored: has a gateway run with it?") }
        if arguments.has("--json") {
            try console.json(JSONValue.array(versions.map { stored, cases, open in
                ["version": .integer(stored.version), "storedAt": .string(JakartaTime.iso(stored.storedAt)), "sha256": .string(stored.digest),
                 "cases": .integer(cases), "open": .integer(open)]
            }))
            return 0
        }
        let rows = versions.map { stored, cases, open in
            ["\(stored.version)", JakartaTime.iso(stored.storedAt), String(stored.digest.prefix(16)), "\(cases)", "\(open)"]
        }
        TextTable.render(header: ["VERSION", "STORED", "SHA-256", "CASES", "OPEN"], rows: rows, rightAligned: [0, 3, 4]).forEach(console.out)
        return 0
    }
}

/// `gerbang sop diff ID V1 V2`: what changed between two stored versions of an SOP.
enum SOPDiffCommand: Command {
    static let name = "sop diff"
    static let summary = "show the steps added, removed and changed between two versions of an SOP"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--db"]
    static let help = """
        usage: gerbang sop diff ID V1 V2 [--json] [--db FILE]

        Compares two stored versions of an SOP (gerbang sop versions lists them) step by
        step: '+' a step added, '-' a step removed, '~' a step changed in its activity,
        role, time standard, what it waits for, or where its yes/no branches lead.
        \(Common.jsonHelp)
        \(Common.databaseHelp)

        example: gerbang sop diff izin-perluasan 1 2
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let words = try arguments.positionals("ID", "V1", "V2", command: name)
        let database = try GatewayDatabase.openForReading(path: Common.databasePath(arguments))
        let library = SOPDefinitions(inForce: [], stored: try database.sopVersions.all())
        func definition(_ text: String) throws -> ProcessDefinition {
            guard let version = Int(text), version > 0 else {
                throw UsageError(command: name, message: "a version is a positive whole number, not '\(text)'")
            }
            guard let found = library.definition(words[0], version: version) else {
                throw FailureError(message: "gerbang sop diff: SOP '\(words[0])' has no version \(version): gerbang sop versions \(words[0]) lists them")
            }
            return found
        }
        let diff = SOPDiff(from: try definition(words[1]), to: try definition(words[2]))
        if arguments.has("--json") {
            try console.json(diff.lines)
        } else {
            (diff.isEmpty ? ["no step differs"] : diff.lines).forEach(console.out)
        }
        return 0
    }
}

/// `gerbang sop migrate ID --from V1 --to V2 --map FILE`: moves the open cases of one version to another.
enum SOPMigrateCommand: Command {
    static let name = "sop migrate"
    static let summary = "move the open cases of one SOP version to another, by a checked map of steps"
    static let flags: Set<String> = ["--json", "--dry-run"]
    static let options: Set<String> = DaemonClient.options.union(["--from", "--to", "--map"])
    static let help = """
        usage: gerbang sop migrate ID --from V1 --to V2 --map FILE [--dry-run] [--json] [--token T] [--gateway URL]

        Open cases finish on the SOP version they opened on. This moves those of version
        V1 to version V2 (gerbang sop versions and gerbang sop diff show them), each at
        the step the map gives for the step it waits at. FILE is a JSON object from V1's
        step numbers to V2's: {"1": 1, "2": 2, "3": 4}. Nothing moves unless every step
        an open case waits at is mapped to a step V2 has. A moved case leaves its step
        (its deadline cancelled) and starts the mapped one, whose time standard counts
        from when the case reached the step it left; the move is in the case's history
        and the sync log (sop.migrate). A case frozen by OSS stays on V1, and is named.
        Needs a token with the admin role.
          --dry-run      check and list what would move; change nothing
          --json         print the gateway's answer: {"moved": [...], "left": {...}}
        \(DaemonClient.help)

        example: gerbang sop migrate izin-perluasan --from 1 --to 2 --map perluasan-1-2.json --dry-run
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let id = try arguments.positionals("ID", command: name)[0]
        func version(_ option: String) throws -> Int {
            guard let text = arguments.option(option) else { throw UsageError(command: name, message: "\(option) V is needed") }
            guard let number = Int(text), number > 0 else { throw UsageError(command: name, message: "\(option) takes a version number, not '\(text)'") }
            return number
        }
        let (from, to) = (try version("--from"), try version("--to"))
        guard let file = arguments.option("--map") else { throw UsageError(command: name, message: "--map FILE is needed") }
        guard let bytes = FileManager.default.contents(atPath: file) else { throw FailureError(message: "gerbang sop migrate: cannot read \(file)") }
        // Checked here too, so a broken file is named by its own name rather than as the request's field.
        let steps = try SOPMigration.steps(fromMapFile: Array(bytes), named: file)
        let dryRun = arguments.has("--dry-run")
        let body: JSONValue = [
            "from": .integer(from), "to": .integer(to), "dryRun": .bool(dryRun),
            "steps": .array(steps.sorted { $0.key < $1.key }.map { ["from": .integer($0.key), "to": .integer($0.value)] }),
        ]
        let answer = try DaemonClient(arguments, command: name).call(.post, "/api/sop/\(id.percentEncodedSegment)/migrate", body: body)
        if arguments.has("--json") {
            try console.json(answer)
            return 0
        }
        let moved = answer.field("moved")?.array ?? []
        let rows = moved.map { item in
            [item.field("caseID")?.text ?? "?", item.field("fromStep")?.text ?? "?", item.field("toStep")?.text ?? "?"]
        }
        if !rows.isEmpty {
            TextTable.render(header: ["CASE", "STEP V\(from)", "STEP V\(to)"], rows: rows, rightAligned: [1, 2]).forEach(console.out)
        }
        for (caseID, why) in (answer.field("left")?.object ?? [:]).sorted(by: { $0.key < $1.key }) {
            console.out("\(caseID): left on version \(from): \(why.text ?? "")")
        }
        let cases = "\(moved.count) case\(moved.count == 1 ? "" : "s")"
        console.out(dryRun ? "dry run: \(cases) would move from version \(from) to \(to); nothing changed"
                    : "\(cases) moved from version \(from) to \(to)")
        return 0
    }
}
