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
