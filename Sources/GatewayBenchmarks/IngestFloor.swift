import Foundation
import GatewayCore
import GatewayStore

/// What SQLite itself allows for the writing one push does, measured in the same run: the rows one push
/// wrote (how many in each table, of what size, and how many updates besides), inserted with plain
/// prepared statements into tables with one key each, a job a push through the same group-commit writer
/// (WAL, synchronous=FULL, a savepoint a job), with no decoding, encoding or logic.
struct IngestFloor: Sendable {
    /// The rows of one table one push writes.
    struct Rows: Sendable, Equatable {
        let table: String
        let count: Int
        let bytesPerRow: Int
    }

    let rows: [Rows]
    /// Changes a push makes besides its inserts (a case row saved again, a counter, an inbox row settled).
    let updates: Int

    var rowsPerPush: Int { rows.map(\.count).reduce(0, +) }
    var bytesPerPush: Int { rows.map { $0.count * $0.bytesPerRow }.reduce(0, +) }

    /// The shape of one push from a database that holds `pushes` pushes and nothing else, which made `changes` changes.
    static func measure(database: GatewayDatabase, pushes: Int, changes: Int64) throws -> IngestFloor {
        let tables = try database.connection.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' ORDER BY name") {
            $0.string(0)
        }
        var rows: [Rows] = []
        for table in tables {
            let columns = try database.connection.query("SELECT name FROM pragma_table_info(?)", [.text(table)]) { $0.string(0) }
            let sizes = columns.map { "coalesce(length(\"\($0)\"), 0)" }.joined(separator: " + ")
            let found = try database.connection.query("SELECT count(*), coalesce(sum(\(sizes)), 0) FROM \"\(table)\"") { ($0.int(0), $0.int(1)) }
            guard let (count, bytes) = found.first, count > 0 else { continue }
            let perPush = Int((Double(count) / Double(pushes)).rounded())
            guard perPush > 0 else { continue }
            rows.append(Rows(table: table, count: perPush, bytesPerRow: max(1, bytes / count)))
        }
        let inserts = rows.map(\.count).reduce(0, +)
        return IngestFloor(rows: rows, updates: max(0, Int((Double(changes) / Double(pushes)).rounded()) - inserts))
    }

    /// Pushes a second the floor commits: `pushes` jobs handed to a writer at once, as the writer-alone figure is taken.
    func run(path: String, pushes: Int) throws -> Double {
        let database = try GatewayDatabase.open(path: path)
        try database.connection.setCacheSize(kibibytes: GroupCommitWriter.cacheKibibytes)  // as the gateway's writer has
        for index in rows.indices {
            try database.connection.run("CREATE TABLE floor_\(index) (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, v TEXT NOT NULL)")
        }
        try database.connection.run("CREATE TABLE floor_updates (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        try database.connection.run("INSERT INTO floor_updates (id, n) VALUES (1, 0)")
        let values = rows.map { String(repeating: "x", count: $0.bytesPerRow) }
        let inserts = rows.indices.map { "INSERT INTO floor_\($0) (k, v) VALUES (?, ?)" }
        let writer = GroupCommitWriter(database: database)
        writer.start()
        defer { writer.stop() }
        let done = DispatchGroup()
        let started = ContinuousClock.now
        for push in 0..<pushes {
            done.enter()
            writer.submit({ [rows, updates, inserts] database in
                for (index, shape) in rows.enumerated() {
                    for row in 0..<shape.count {
                        _ = try database.connection.run(inserts[index], [.text("\(push)/\(row)"), .text(values[index])])
                    }
                }
                for _ in 0..<updates { _ = try database.connection.run("UPDATE floor_updates SET n = n + 1 WHERE id = 1") }
            }, completion: { _ in done.leave() })
        }
        done.wait()
        return Double(pushes) / (ContinuousClock.now - started).seconds
    }
}
