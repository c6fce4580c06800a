import Foundation

/// The table of an SOP document as the seeds have it after OCR (`../shared/seeds/`): tab-separated cells, a
/// header row naming the performers' columns before "Kelengkapan" and "Waktu", then one numbered row per step,
/// perhaps a "Total Waktu" row. What does not fit (a line that breaks a row, numbers out of order, a row with
/// more or fewer cells than the header) is kept as a problem for the import's gaps, never dropped silently.
struct SOPTable {
    /// A performer's column: its index in the row and its title.
    struct Column: Equatable {
        let index: Int
        let title: String
    }

    struct Row {
        let number: Int
        /// The row's cells; the first is the number, the second the activity.
        let cells: [String]
        /// What is odd about the row, said for its step's gaps.
        var problems: [String] = []

        func cell(_ index: Int?) -> String {
            guard let index, cells.indices.contains(index) else { return "" }
            return SOPTable.clean(cells[index])
        }
    }

    let performers: [Column]
    let requirements: Int, time: Int, output: Int
    let note: Int?
    var rows: [Row] = []
    /// The "Total Waktu" row's figure.
    var statedTotal: String?
    /// Numbering that skips (a row lost or its number misread): for the SOP's gaps.
    var problems: [String] = []

    /// Whether any row keeps a performer's mark other than a Ya/Tidak label: the flowchart's lanes survived the OCR.
    /// Read once for the table, not once for each row that asks (a long noisy table made that quadratic).
    private(set) var keepsShapes = false

    /// Finds the table in `lines`.
    /// - Throws: ``SOPImportError/noTable`` when no line names both Kelengkapan (or Persyaratan) and Waktu.
    init(lines: [String]) throws(SOPImportError) {
        guard let headerIndex = lines.firstIndex(where: { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.lowercased() }
            return cells.contains { $0.contains("kelengkapan") || $0.contains("persyaratan") } && cells.contains { $0.contains("waktu") }
        }) else { throw .noTable }
        let header = lines[headerIndex].split(separator: "\t", omittingEmptySubsequences: false).map(Self.clean)
        guard let requirements = header.firstIndex(where: { $0.lowercased().contains("kelengkapan") || $0.lowercased().contains("persyaratan") }),
              let time = header.firstIndex(where: { $0.lowercased().contains("waktu") }) else { throw .noTable }
        self.requirements = requirements
        self.time = time
        output = time + 1
        note = header.count > time + 2 ? time + 2 : nil
        // The performers' columns lie between the activity (column 2) and Kelengkapan; a header naming Kelengkapan
        // in its first columns has none (found by gerbang-fuzz: `2..<requirements` trapped on such a header).
        performers = (2..<max(2, requirements)).compactMap { index in header[index].isEmpty ? nil : Column(index: index, title: header[index]) }
        guard !performers.isEmpty else { throw .noPerformers(line: headerIndex + 1) }

        var expected = 1
        for (offset, line) in lines.enumerated().dropFirst(headerIndex + 1) {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let first = Self.clean(cells.first ?? "")
            if line.lowercased().contains("total waktu") {
                statedTotal = cells.map(Self.clean).drop { !$0.lowercased().contains("total waktu") }.dropFirst().first { !$0.isEmpty }
                break
            }
            // The column numbers some forms print under the header ("1 2 3 … 10").
            if cells.count > 3, cells.allSatisfy({ Int(Self.clean($0)) != nil }) { continue }
            if let number = Int(first.trimmingCharacters(in: CharacterSet(charactersIn: "."))), cells.count > 1, !Self.clean(cells[1]).isEmpty {
                if number != expected {
                    // A number out of sequence where one is expected: the rows between are lost or the number is misread.
                    guard number > expected, number <= expected + 3 else { continue }
                    problems.append("the step numbers skip from \(expected - 1) to \(number): a row is missing or its number was misread")
                }
                var row = Row(number: number, cells: cells)
                if cells.count != header.count {
                    row.problems.append("the row has \(cells.count) cells where the header has \(header.count): its cells may stand in the wrong "
                                        + "columns (check the performer, kelengkapan, waktu and output)")
                }
                rows.append(row)
                expected = number + 1
            } else if !rows.isEmpty, !line.trimmingCharacters(in: .whitespaces).isEmpty {
                // Cells that start no row: a row broken across lines by OCR. Text without cells is prose after the table.
                guard line.contains("\t") else { break }
                rows[rows.count - 1].problems.append("line \(offset + 1) follows this row without a step number: "
                                                     + "the row may be broken across lines ('\(Self.clean(line).prefix(60))')")
            }
        }
        guard !rows.isEmpty else { throw .noRows(line: headerIndex + 1) }
        keepsShapes = rows.contains { row in performers.contains { column in
            let text = row.cell(column.index)
            return !text.isEmpty && SOPImporter.label(text) == nil
        } }
    }

    /// A cell's text with its spaces collapsed.
    static func clean(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// Why an SOP document could not be read at all (a damaged row yields gaps, not an error).
public enum SOPImportError: Error, Sendable, Equatable, CustomStringConvertible {
    case noTable
    case noPerformers(line: Int)
    case noRows(line: Int)

    public var description: String {
        switch self {
        case .noTable:
            "no SOP table: no line names the columns 'Kelengkapan' (or 'Persyaratan') and 'Waktu' separated by tabs"
        case .noPerformers(let line):
            "line \(line): the table's header names no performer column between the activity and 'Kelengkapan'"
        case .noRows(let line):
            "the table whose header is at line \(line) has no numbered row"
        }
    }
}
