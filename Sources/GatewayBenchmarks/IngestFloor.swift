import Foundation
import GatewayCore
import GatewayStore

/// What SQLite itself allows for the writing one push does, measured in the same run: the rows one push
/// wrote, copied into tables made from the same definitions (columns, keys, indexes), inserted with plain
/// prepared statements, a job a push through the same group-commit writer (WAL, synchronous=FULL, a
/// savepoint a job, the same page cache), with no decoding, encoding or logic. Only foreign keys are not
/// checked, and each copy's keys are made its own.
struct IngestFloor: Sendable {
    /// The rows of one table one push writes: how many, their size, and some of them as written, to copy.
    struct Rows: Sendable {
        let table: String
        let count: Int
        let bytesPerRow: Int
        /// The table's and its indexes' definitions, as the database has them.
        let definitions: [String]
        let columns: [String]
        /// Columns in a key or a unique index: each copy gets its own value there.
        let keys: Set<String>
        /// The column SQLite numbers rows by (an INTEGER PRIMARY KEY), given no value so SQLite numbers the copies.
        let rowid: String?
        let samples: [[SQLiteValue]]
    }

    let rows: [Rows]
    /// Changes a push makes besides its inserts (a case row saved again, a counter, an inbox row settled).
    let updates: Int

    var rowsPerPush: Int { rows.map(\.count).reduce(0, +) }
    var bytesPerPush: Int { rows.map { $0.count * $0.bytesPerRow }.reduce(0, +) }

    /// The shape of one push from a database that holds `pushes` pushes and nothing else, which made `changes` changes.
    static func measure(database: GatewayDatabase, pushes: Int, changes: Int64) throws -> IngestFloor {
        let db = database.connection
        let tables = try db.query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' ORDER BY name") {
            ($0.string(0), $0.string(1))
        }
        var rows: [Rows] = []
        for (table, definition) in tables {
            let info = try db.query("SELECT name, type, pk FROM pragma_table_info(?)", [.text(table)]) { ($0.string(0), $0.string(1), $0.int(2)) }
            let columns = info.map(\.0)
            let sizes = columns.map { "coalesce(length(\"\($0)\"), 0)" }.joined(separator: " + ")
            let found = try db.query("SELECT count(*), coalesce(sum(\(sizes)), 0) FROM \"\(table)\"") { ($0.int(0), $0.int(1)) }
            guard let (count, bytes) = found.first, count > 0 else { continue }
            let perPush = Int((Double(count) / Double(pushes)).rounded())
            guard perPush > 0 else { continue }
            var keys = Set(info.filter { $0.2 > 0 }.map(\.0))
            for index in try db.query("SELECT name FROM pragma_index_list(?) WHERE \"unique\" = 1", [.text(table)], { $0.string(0) }) {
                keys.formUnion(try db.query("SELECT name FROM pragma_index_info(?)", [.text(index)]) { $0.optionalString(0) }.compactMap { $0 })
            }
            let primary = info.filter { $0.2 > 0 }
            let rowid = primary.count == 1 && primary[0].1.uppercased() == "INTEGER" && !definition.uppercased().contains("WITHOUT ROWID") ? primary[0].0 : nil
            let indexes = try db.query("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", [.text(table)]) {
                $0.string(0)
            }
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let samples = try db.query("SELECT \(list) FROM \"\(table)\" LIMIT \(perPush)") { row in columns.indices.map { row.value(Int32($0)) } }
            rows.append(Rows(table: table, count: perPush, bytesPerRow: max(1, bytes / count), definitions: [definition] + indexes, columns: columns,
                             keys: keys, rowid: rowid, samples: samples))
        }
        let inserts = rows.map(\.count).reduce(0, +)
        return IngestFloor(rows: rows, updates: max(0, Int((Double(changes) / Double(pushes)).rounded()) - inserts))
    }

    /// Pushes a second the floor commits: `pushes` jobs handed to a writer at once, as the writer-alone figure is taken.
    /// - Parameter checkpoints: the gateway's (its checkpointer beside the writer, the WAL's bound): the floor's connection is
    ///   set up as the gateway's writer is, by the same writer.
    /// - Parameter leavingOut: a table whose rows are not written: what the floor costs without them.
    func run(path: String, pushes: Int, checkpoints: GroupCommitWriter.Checkpoints, leavingOut: String? = nil) throws -> Double {
        let connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA foreign_keys = OFF")  // rows, not the logic that keeps them consistent
        let rows = self.rows.filter { $0.table != leavingOut }
        for rows in rows {
            for definition in rows.definitions { try connection.execute(Self.renamed(definition, table: rows.table)) }
        }
        try connection.execute("CREATE TABLE floor_updates (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        try connection.execute("INSERT INTO floor_updates (id, n) VALUES (1, 0)")
        let statements = rows.map { rows in
            "INSERT INTO \"floor_\(rows.table)\" (\(rows.columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES ("
                + Array(repeating: "?", count: rows.columns.count).joined(separator: ", ") + ")"
        }
        let writer = try GroupCommitWriter(database: GatewayDatabase(connection), checkpoints: checkpoints)
        writer.start()
        defer { writer.stop() }
        let done = DispatchGroup()
        let started = ContinuousClock.now
        for push in 0..<pushes {
            done.enter()
            writer.submit({ [rows, updates, statements] database in
                for (index, table) in rows.enumerated() {
                    for row in 0..<table.count {
                        let sample = table.samples[row % table.samples.count]
                        let values = table.columns.indices.map { column -> SQLiteValue in
                            let name = table.columns[column]
                            if name == table.rowid { return .null }
                            return table.keys.contains(name) ? Self.own(sample[column], push: push, row: row) : sample[column]
                        }
                        _ = try database.connection.run(statements[index], values)
                    }
                }
                for _ in 0..<updates { _ = try database.connection.run("UPDATE floor_updates SET n = n + 1 WHERE id = 1") }
            }, completion: { _ in done.leave() })
        }
        done.wait()
        return Double(pushes) / (ContinuousClock.now - started).seconds
    }

    /// A key value made this copy's own, of about the same size.
    static func own(_ value: SQLiteValue, push: Int, row: Int) -> SQLiteValue {
        switch value {
        case .text(let text): .text(text + "#\(push).\(row)")
        case .integer(let number): .integer(number + Int64(push) * 1_000_003 + Int64(row))
        default: .text("#\(push).\(row)")
        }
    }

    /// A table's or an index's definition for the floor's copy: `floor_` before each name it defines or names.
    static func renamed(_ definition: String, table: String) -> String {
        var text = definition
        for form in ["TABLE \(table) ", "TABLE \"\(table)\" ", "ON \(table) ", "ON \(table)(", "ON \"\(table)\" "] {
            text = text.replacingOccurrences(of: form, with: form.replacingOccurrences(of: table, with: "floor_\(table)"))
        }
        // An index's name is its third word, its fourth after UNIQUE: "CREATE [UNIQUE] INDEX name ON …".
        var words = text.components(separatedBy: " ")
        guard words.count > 3, words[0].uppercased() == "CREATE", words[1...2].contains(where: { $0.uppercased() == "INDEX" }) else { return text }
        let name = words[1].uppercased() == "UNIQUE" ? 3 : 2
        words[name] = "floor_" + words[name]
        return words.joined(separator: " ")
    }
}
