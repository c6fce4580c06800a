import Foundation

/// Reads an SOP document in the seeds' text form (`gerbang sop import FILE`) into a draft definition for a person
/// to review and `gerbang sop check`: every step in order with its activity, performer, kelengkapan, waktu, output
/// and keterangan, its Ya/Tidak decision, and the stated total.
///
/// OCR loses the flowchart: a performer's shape becomes a stray character in some column, or nothing; "Ya" and
/// "Tidak" drift to other columns. So each reading says what it rests on, and every reading that is not the plain
/// text of its cell is listed in the step's `gaps`, as the shipped definitions do. Nothing uncertain is read
/// silently: a row that cannot be read at all gets an empty role and a gap, which `sop check` then refuses.
///
/// A step's performer is, in this order: the role its activity names as its subject ("Tim teknis menerima …"),
/// the one column holding a mark, the role the previous step hands the work to ("… kepada Kepala Dinas"), the
/// column of its "Ya"/"Tidak" label, and last the previous step's role.
public enum SOPImporter {
    /// - Parameters:
    ///   - id: the definition's id (its file's base name).
    ///   - source: the document's file name, kept as the definition's `source`.
    public static func draft(_ text: String, id: String, source: String) throws(SOPImportError) -> ProcessDefinition {
        let lines = text.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        let table = try SOPTable(lines: lines)
        let roles = table.performers.map(role)
        var steps: [Step] = []
        var earlier: [(number: Int, performer: SOPTable.Column?)] = []
        for (index, row) in table.rows.enumerated() {
            var gaps = row.problems
            let previous = index > 0 ? table.rows[index - 1] : nil
            let performer = Self.performer(of: row, after: previous, previousPerformer: earlier.last?.performer ?? nil, table: table, gaps: &gaps)
            let branches = Self.branches(of: row, isLast: index == table.rows.count - 1, earlier: earlier,
                                         previousDecides: steps.last?.decision != nil, table: table, gaps: &gaps)
            earlier.append((row.number, performer))
            let waktu = row.cell(table.time)
            let note = row.cell(table.note)
            if note.range(of: #"\d+\s*(hari|jam|menit)"#, options: [.regularExpression, .caseInsensitive]) != nil {
                gaps.append("The keterangan states a time too ('\(note)'): check which one the deadline follows.")
            }
            if note.lowercased().hasPrefix("jika") || note.lowercased().contains(" jika ") {
                gaps.append("The keterangan states a condition ('\(note)'): a decision or an outcome the table does not draw?")
            }
            steps.append(Step(
                number: row.number, activity: row.cell(1), role: performer.map { roles[table.performers.firstIndex(of: $0) ?? 0].id } ?? "",
                inputs: nonEmpty(row.cell(table.requirements)), duration: duration(waktu, gaps: &gaps), output: nonEmpty(row.cell(table.output)),
                note: note == "-" ? nil : nonEmpty(note), decision: branches.decision, returnsIncompleteTo: branches.returnsIncompleteTo, gaps: gaps))
        }
        var gaps = ["Drafted by gerbang sop import from \(source): review every step and its gaps, then run gerbang sop check."]
        gaps += table.problems
        let messageSteps = steps.filter { step in roles.first { $0.id == step.role }.map { $0.kind != .officer } ?? false }.map(\.number)
        if !messageSteps.isEmpty {
            gaps.append("Steps \(messageSteps.map(String.init).joined(separator: ", ")) are the applicant's or a system's: each completes "
                        + "by a message, to be named in its 'awaits'.")
        }
        return ProcessDefinition(id: id, title: title(lines) ?? id, source: source, statedTotal: table.statedTotal, gaps: gaps,
                                 roles: roles, steps: steps)
    }

    // MARK: Performers

    static func performer(of row: SOPTable.Row, after previous: SOPTable.Row?, previousPerformer: SOPTable.Column?, table: SOPTable,
                          gaps: inout [String]) -> SOPTable.Column? {
        let marks = table.performers.compactMap { column -> (column: SOPTable.Column, text: String)? in
            let text = row.cell(column.index)
            return text.isEmpty ? nil : (column, text)
        }
        let shapes = marks.filter { label($0.text) == nil }
        let labels = marks.filter { label($0.text) != nil }
        let subject = Self.subject(row.cell(1))
        if let named = column(named: subject, in: table.performers) {
            for shape in shapes where shape.column != named {
                gaps.append("The activity names \(named.title); the row's mark '\(shape.text)' stands in the \(shape.column.title) column: "
                            + "read as \(named.title).")
            }
            return named
        }
        if !subject.isEmpty {
            gaps.append("The activity's subject '\(subject.joined(separator: " "))' is no column of the table.")
        }
        if shapes.count == 1 {
            let shape = shapes[0]
            if !knownShapes.contains(shape.text) {
                gaps.append("'\(shape.text)' in the \(shape.column.title) column is read as the flowchart shape of its performer.")
            }
            return shape.column
        }
        if shapes.count > 1 {
            gaps.append("Marks stand in several performer columns (" + shapes.map { "'\($0.text)' under \($0.column.title)" }.joined(separator: ", ")
                        + "): none is taken for the performer.")
        }
        if let previous, let handed = column(named: handOff(previous.cell(1)), in: table.performers) {
            gaps.append("The row has no mark and the activity names no performer: read as \(handed.title), to whom step \(previous.number) "
                        + "hands the work.")
            return handed
        }
        // A label stands in its decision's lane only where the table kept the flowchart's shapes at all.
        let labelled = Set(labels.map(\.column.index))
        if table.keepsShapes, labelled.count == 1, let labelColumn = labels.first?.column {
            gaps.append("The row's only mark is the decision label '\(labels[0].text)' in the \(labelColumn.title) column: read as that role's step.")
            return labelColumn
        }
        if let previousPerformer {
            gaps.append("Neither a mark nor the activity names the performer: read as the previous step's, \(previousPerformer.title).")
            return previousPerformer
        }
        let opening = tokens(row.cell(1)).prefix(3)
        if previous == nil, !opening.filter({ ["mengajukan", "mendaftar", "pendaftaran"].contains($0) }).isEmpty,
           let applicant = table.performers.first(where: { role($0).kind == .applicant }) {
            gaps.append("The row has no mark and the activity names no performer: read as \(applicant.title)'s, as the SOP opens with the application.")
            return applicant
        }
        gaps.append("The performer cannot be read: no mark, and the activity names no role. Choose one.")
        return nil
    }

    /// The words before the activity's verb: who does it ("Petugas Front office memeriksa …" → Petugas Front office). An activity
    /// that opens with a noun of action ("Pengambilan dokumen izin oleh pemohon") names its doer after "oleh".
    static func subject(_ activity: String) -> [String] {
        let words = activity.split(whereSeparator: \.isWhitespace).map(String.init).drop { $0 == "-" }
        guard let first = words.first?.lowercased() else { return [] }
        if first.hasPrefix("pe"), first.hasSuffix("an"), first.count >= 7 {
            guard let by = words.firstIndex(where: { $0.lowercased() == "oleh" }) else { return [] }
            return Array(words[(by + 1)...].prefix { !isVerb($0) }.prefix(4))
        }
        return Array(words.prefix { !isVerb($0) }.prefix(6))
    }

    /// A verb of the activity's sentence: Indonesian active (me-, ber-) and passive (di-, ter-) forms, or "akan".
    static func isVerb(_ word: String) -> Bool {
        let lower = word.lowercased().filter(\.isLetter)
        guard !nounsLikeVerbs.contains(lower) else { return false }
        return lower == "akan" || (lower.count >= 4 && ["me", "di", "ber", "ter"].contains { lower.hasPrefix($0) })
    }

    /// Nouns of the seeds that begin as verbs do.
    static let nounsLikeVerbs: Set<String> = ["dinas", "dinperinaker", "direktur", "direktorat", "berkas", "berita", "terpadu", "menteri", "media"]

    /// Who a step hands its work to: the words after "kepada" or "ke", unless they send the work back ("dikembalikan kepada").
    static func handOff(_ activity: String) -> [String] {
        let words = activity.split(whereSeparator: \.isWhitespace).map(String.init)
        for (index, word) in words.enumerated() where ["kepada", "ke"].contains(word.lowercased()) {
            let before = words[max(0, index - 2)..<index].map { $0.lowercased() }
            if before.contains(where: { $0.contains("kembali") }) { continue }
            return Array(words[(index + 1)...].prefix { !stopWords.contains($0.lowercased()) && !isVerb($0) }.prefix(5))
        }
        return []
    }

    static let stopWords: Set<String> = ["untuk", "dan", "melalui", "jika", "apabila", "yang", "kemudian"]

    /// The performer column the words name best: the most of its distinctive words found (OCR slips of a letter
    /// forgiven), at least half of them; nil when none or when two tie.
    static func column(named words: [String], in columns: [SOPTable.Column]) -> SOPTable.Column? {
        let found = words.flatMap(tokens)
        guard !found.isEmpty else { return nil }
        let scored = columns.compactMap { column -> (column: SOPTable.Column, matched: Int, ratio: Double)? in
            let all = tokens(column.title)
            let own = all.filter { !genericWords.contains($0) }
            let wanted = own.isEmpty ? all : own
            let matched = wanted.filter { token in found.contains { similar($0, token) } }.count
            guard matched > 0, matched * 2 >= wanted.count else { return nil }
            return (column, matched, Double(matched) / Double(wanted.count))
        }.sorted { ($0.matched, $0.ratio) > ($1.matched, $1.ratio) }
        guard let best = scored.first else { return nil }
        if scored.count > 1, scored[1].matched == best.matched, scored[1].ratio == best.ratio { return nil }
        return best.column
    }

    /// Words that name no role by themselves.
    static let genericWords: Set<String> = ["dan", "kepala", "petugas", "tim", "yang", "oleh", "untuk", "di", "ke", "dari", "bagian"]

    /// Lower-case words, with the seeds' abbreviations written out.
    static func tokens(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter }.flatMap { word -> [String] in
            switch word {
            case "kadis": ["kepala", "dinas"]
            case "kabid": ["kepala", "bidang"]
            case "kasi": ["kepala", "seksi"]
            case "dinperinaker": ["dinas"]
            default: [String(word)]
            }
        }
    }

    /// The same word but for an OCR slip: one letter in five-letter words and longer, two in words of nine and more.
    static func similar(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let shorter = min(a.count, b.count)
        guard shorter >= 5 else { return false }
        return editDistance(Array(a), Array(b), limit: shorter >= 9 ? 2 : 1)
    }

    /// Whether two words are within `limit` edits (Levenshtein).
    static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Bool {
        guard abs(a.count - b.count) <= limit else { return false }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count] <= limit
    }

    /// Marks that are plainly a performer's flowchart shape.
    static let knownShapes: Set<String> = ["→", "->", "\\rightarrow", "[]", "mulai []", "selesai []", "mulai", "selesai"]

    /// A decision's label: "Ya", "Tidak", and the OCR's "ITIDAK", "TlDAK".
    static func label(_ text: String) -> Answer? {
        let letters = text.uppercased().filter(\.isLetter).replacingOccurrences(of: "L", with: "I")
        if letters.contains("TIDAK") { return .no }
        return letters == "YA" ? .yes : nil
    }

    // MARK: Decisions

    static func branches(
        of row: SOPTable.Row, isLast: Bool, earlier: [(number: Int, performer: SOPTable.Column?)], previousDecides: Bool,
        table: SOPTable, gaps: inout [String]
    ) -> (decision: Decision?, returnsIncompleteTo: Int?) {
        let activity = row.cell(1), number = row.number
        let next: Branch = Branch(isLast ? .end(.approved) : .step(number + 1))
        let labels = table.performers.compactMap { label(row.cell($0.index)) }
        let positive = activity.range(of: #"(jika|apabila|bila)\s+(sesuai|lengkap|disetujui|memenuhi|benar)"#,
                                      options: [.regularExpression, .caseInsensitive]) != nil
        if let match = activity.range(of: #"(jika|apabila|bila)\s+(tidak|belum|ditolak)[^.;]*?(dikembalikan|kembali)\s+(kepada|ke)\s+"#,
                                      options: [.regularExpression, .caseInsensitive]) {
            let words = activity[match.upperBound...].split(whereSeparator: \.isWhitespace).map(String.init)
            let targetWords = Array(words.prefix { !stopWords.contains($0.lowercased()) && !isVerb($0) }.prefix(5))
            let reason = String(activity[match]) + targetWords.joined(separator: " ")
            let target = column(named: targetWords, in: table.performers)
            let applicant = target.map { role($0).kind == .applicant } ?? false
            // Back to the applicant is back to their application, the first of their steps; back to an officer, to their latest.
            let theirs = earlier.filter { $0.performer != nil && $0.performer == target }
            let step = applicant ? theirs.first?.number : theirs.last?.number
            if let step, applicant, !positive, activity.lowercased().contains("lengkap") {
                gaps.append("An incomplete application goes back to step \(step) ('\(reason)').")
                return (nil, step)
            }
            guard let step else {
                gaps.append("'\(reason)': no earlier step is \(targetWords.joined(separator: " "))'s; 'Tidak' is read as back to step "
                            + "\(max(1, number - 1)). Check it.")
                return (Decision(question: "Sesuai?", yes: next, no: Branch(.step(max(1, number - 1)), reason: reason)), nil)
            }
            return (Decision(question: "Sesuai?", yes: next, no: Branch(applicant ? .returnToApplicant(step: step) : .step(step), reason: reason)), nil)
        }
        if positive {
            gaps.append("'Jika …' implies a decision, but the seed names no path when it is not so: encoded as a plain step.")
            return (nil, nil)
        }
        if labels.contains(.no) {
            gaps.append("The row's 'Tidak' mark makes it a decision, but the seed does not say where 'no' goes: read as back to step "
                        + "\(max(1, number - 1)). Check it.")
            return (Decision(question: "Sesuai?", yes: next, no: Branch(.step(max(1, number - 1)))), nil)
        }
        if labels.contains(.yes) {
            gaps.append(previousDecides ? "The row's 'Ya' is read as the label of step \(number - 1)'s 'yes' arrow, not a decision of this step."
                        : "The row has a 'Ya' mark but no decision it could label: check the flowchart.")
        }
        return (nil, nil)
    }

    // MARK: Cells

    static func duration(_ waktu: String, gaps: inout [String]) -> StepDuration? {
        guard !waktu.isEmpty else {
            gaps.append("The seed gives no time for this step.")
            return nil
        }
        if let parsed = try? StepDuration(parsing: waktu) { return parsed }
        let trimmed = String(waktu.drop { !$0.isLetter && !$0.isNumber })
        if trimmed != waktu, let parsed = try? StepDuration(parsing: trimmed) {
            gaps.append("The seed's time reads '\(waktu)'; the leading '\(waktu.prefix(waktu.count - trimmed.count))' is read as an OCR remnant.")
            return parsed
        }
        gaps.append("The time '\(waktu)' cannot be read as an amount and a unit (menit, jam, hari): none is set.")
        return nil
    }

    static func role(_ column: SOPTable.Column) -> Role {
        let words = Set(tokens(column.title))
        let id = column.title.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: "-")
        if !words.isDisjoint(with: ["pemohon", "pelaku", "applicant"]) { return Role(id: id, title: column.title, kind: .applicant) }
        if let system = ["oss", "siinas", "sipro"].first(where: words.contains) {
            return Role(id: id, title: column.title, kind: .system, system: system == "oss" ? "OSS" : system == "siinas" ? "SIINas" : "SIPRO")
        }
        return Role(id: id, title: column.title, kind: .officer)
    }

    static func title(_ lines: [String]) -> String? {
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        if let heading = trimmed.first(where: { $0.hasPrefix("## ") }) { return String(heading.dropFirst(3)).trimmingCharacters(in: .whitespaces) }
        if let sop = trimmed.first(where: { $0.hasPrefix("S O P") }), let colon = sop.firstIndex(of: ":") {
            return String(sop[sop.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        if let named = trimmed.first(where: { $0.hasPrefix("NAMA SOP") }) {
            return SOPTable.clean(named.dropFirst("NAMA SOP".count).drop { $0 == ":" || $0.isWhitespace })
        }
        return trimmed.first { $0.hasPrefix("Prosedur ") } ?? trimmed.first { !$0.isEmpty }
    }

    static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
}
