/// A table of row counts kept by triggers: how many rows of `table` there are
/// per key, updated in the same transaction as the rows themselves, so a page
/// or `/metrics` reads a few counters instead of counting 20,000 cases (or a
/// year of outbox messages) while the writer is busy.
///
/// The SQL comes from here so that the three triggers of every tally are the
/// same; a migration that shipped a tally's SQL must keep getting the same
/// text, so change a tally by adding a migration, never by editing this.
public struct Tally: Sendable {
    /// One part of the key: the tally's column and the expression over the counted row (`ROW` is replaced
    /// by `new`, `old` or the table), never NULL: NULL keys would each count apart in a primary key.
    public struct Key: Sendable {
        public let column: String
        public let expression: String

        public init(_ column: String, _ expression: String? = nil) {
            self.column = column
            self.expression = expression ?? "ROW.\(column)"
        }
    }

    public let name: String
    public let table: String
    public let keys: [Key]
    /// The upsert a store counts a row it inserted with (``SQLiteConnection/addToCounters(_:key:amounts:)``): the key's
    /// values, then how many rows. Made once: a store adds with it for every row.
    public let addition: String

    public init(_ name: String, of table: String, by keys: [Key]) {
        self.name = name
        self.table = table
        self.keys = keys
        addition = "INSERT INTO \(name) (\(keys.map(\.column).joined(separator: ", ")), tallied) "
            + "VALUES (\(Array(repeating: "?", count: keys.count + 1).joined(separator: ", "))) ON CONFLICT DO UPDATE SET tallied = tallied + excluded.tallied"
    }

    /// The expressions over the row called `row`.
    private func values(_ row: String) -> [String] {
        keys.map { $0.expression.replacingOccurrences(of: "ROW.", with: "\(row).") }
    }

    private func list(_ row: String) -> String { values(row).joined(separator: ", ") }

    private func matching(_ row: String) -> String {
        zip(keys.map(\.column), values(row)).map { "\($0) = \($1)" }.joined(separator: " AND ")
    }

    /// The columns the key reads, for the update trigger's `UPDATE OF`.
    private var columnsRead: String {
        keys.map { key in
            key.expression.components(separatedBy: "ROW.").dropFirst().map { String($0.prefix { $0.isLetter || $0 == "_" }) }
        }.joined().reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: ", ")
    }

    /// Migration 21's change: rows inserted are counted by their store, once a transaction, instead of by a trigger
    /// each; updates and deletes are still counted by triggers, which now subtract with an upsert, so that a count
    /// whose addition waits for the commit may go below zero meanwhile rather than lose the subtraction.
    public var countedByStore: String {
        """
            DROP TRIGGER \(name)_insert;
            DROP TRIGGER \(name)_delete;
            DROP TRIGGER \(name)_update;

            """ + storeCountedTriggers
    }

    /// The triggers of a tally whose inserted rows their store counts (``countedByStore``), to make again after its table is rebuilt.
    public var storeCountedTriggers: String {
        let subtracted = "INSERT INTO \(name) VALUES (\(list("old")), -1) ON CONFLICT DO UPDATE SET tallied = tallied - 1;"
        let counted = "INSERT INTO \(name) VALUES (\(list("new")), 1) ON CONFLICT DO UPDATE SET tallied = tallied + 1;"
        return """
            CREATE TRIGGER \(name)_delete AFTER DELETE ON \(table) BEGIN \(subtracted) END;
            CREATE TRIGGER \(name)_update AFTER UPDATE OF \(columnsRead) ON \(table)
            WHEN (\(list("old"))) IS NOT (\(list("new"))) BEGIN \(subtracted) \(counted) END;

            """
    }

    /// The table, counted from the rows already there, and its triggers.
    public var sql: String {
        let columns = keys.map(\.column).joined(separator: ", ")
        let counted = "INSERT INTO \(name) VALUES (\(list("new")), 1) ON CONFLICT DO UPDATE SET tallied = tallied + 1;"
        let uncounted = "UPDATE \(name) SET tallied = tallied - 1 WHERE \(matching("old"));"
        return """
            CREATE TABLE \(name) (\(columns), tallied INTEGER NOT NULL, PRIMARY KEY (\(columns))) WITHOUT ROWID;
            INSERT INTO \(name) SELECT \(list(table)), count(*) FROM \(table) GROUP BY \(list(table));
            CREATE TRIGGER \(name)_insert AFTER INSERT ON \(table) BEGIN \(counted) END;
            CREATE TRIGGER \(name)_delete AFTER DELETE ON \(table) BEGIN \(uncounted) END;
            CREATE TRIGGER \(name)_update AFTER UPDATE OF \(columnsRead) ON \(table)
            WHEN (\(list("old"))) IS NOT (\(list("new"))) BEGIN \(uncounted) \(counted) END;

            """
    }
}
