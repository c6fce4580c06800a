import Foundation
import GatewayCore

/// `gerbang sop import FILE`: a draft definition from an SOP document in the seeds' text form.
enum SOPImportCommand: Command {
    static let name = "sop import"
    static let summary = "draft an SOP definition from an SOP document's text (OCR'd table), listing every uncertain reading"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--id", "--out"]
    static let help = """
        usage: gerbang sop import FILE [--id ID] [--out FILE] [--json]

        Reads an SOP document in the text form of ../shared/seeds (the OCR'd table: number,
        activity, the performers' columns with their marks, kelengkapan, waktu, output,
        keterangan; Ya/Tidak marks; a stated total) and writes a draft definition as JSON:
        each step with its performer, time standard and Ya/Tidak decision. Every reading
        that is not the plain text of its cell (a performer read from the activity or
        from the step before, a time with OCR debris, a decision whose 'no' the seed does
        not state) is listed in the step's gaps; a row that cannot be read gets an empty
        role, which 'gerbang sop check' refuses until a person chooses. Review the draft,
        name the messages applicant and system steps await, then check it.
          --id ID        the definition's id (default: the file's name without extension)
          --out FILE     write the draft there instead of standard output
          --json         with --out, print what was drafted as JSON: {"file", "steps", "gaps", "unread"}
                         (without --out the draft itself is the JSON printed)

        example: gerbang sop import ../shared/seeds/001_fe346d91a6a8a717.txt --id rekomendasi-baru --out config/sop/rekomendasi-baru.json
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let file = try arguments.positionals("FILE", command: name)[0]
        guard let data = FileManager.default.contents(atPath: file) else { throw FailureError(message: "gerbang sop import: cannot read \(file)") }
        let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let draft: ProcessDefinition
        do {
            draft = try SOPImporter.draft(String(decoding: data, as: UTF8.self), id: arguments.option("--id") ?? base,
                                          source: URL(fileURLWithPath: file).lastPathComponent)
        } catch {
            throw FailureError(message: "gerbang sop import: \(file): \(error)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(draft), as: UTF8.self)
        if let out = arguments.option("--out") {
            try (json + "\n").write(toFile: out, atomically: true, encoding: .utf8)
        } else {
            console.out(json)
        }
        let gaps = draft.gaps.count + draft.steps.map(\.gaps.count).reduce(0, +)
        let unread = draft.steps.filter { $0.role.isEmpty }.map { String($0.number) }
        if arguments.has("--json"), let out = arguments.option("--out") {
            try console.json(JSONValue.object(["file": .string(out), "steps": .integer(draft.steps.count), "gaps": .integer(gaps),
                                               "unread": .array(unread.compactMap(Int.init).map(JSONValue.integer))]))
            return 0
        }
        console.error("gerbang sop import: \(draft.steps.count) steps, \(gaps) gaps to review"
                      + (unread.isEmpty ? "" : "; no performer read for step \(unread.joined(separator: ", "))")
                      + "; then: gerbang sop check \(arguments.option("--out") ?? "FILE")")
        return 0
    }
}
