import CSQLite
import Foundation

/// A prepared statement. Owned by its connection, which caches it by SQL
/// text; finalized when released.
public final class Statement {
    let handle: OpaquePointer
    public let sql: String
    private let connection: OpaquePointer

    init(sql: String, connection: OpaquePointer) throws(SQLiteError) {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement else {
            throw SQLiteError(connection, sql: sql)
        }
        self.handle = statement
        self.sql = sql
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Resets the statement and binds `values` to its parameters, in order.
    func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw SQLiteError(code: SQLITE_RANGE, message: "the statement has \(expected) parameters but \(values.count) values were given", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let result: Int32 = switch value {
            case .null: sqlite3_bind_null(handle, index)
            case .integer(let v): sqlite3_bind_int64(handle, index, v)
            case .real(let v): sqlite3_bind_double(handle, index, v)
            case .text(var v): v.withUTF8 { sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), csqlite_transient()) }
            case .blob(let v): v.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), csqlite_transient()) }
            }
            guard result == SQLITE_OK else { throw SQLiteError(connection, sql: sql) }
        }
    }

    /// Advances to the next row; false when done.
    func step() throws(SQLiteError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError(connection, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    func reset() {
        sqlite3_reset(handle)
    }
}

/// The current row of a query, read by column index.
public struct Row {
    let statement: Statement

    public func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(statement.handle, column) == SQLITE_NULL
    }

    public func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(statement.handle, column)
    }

    public func int(_ column: Int32) -> Int {
        Int(int64(column))
    }

    public func optionalInt(_ column: Int32) -> Int? {
        isNull(column) ? nil : int(column)
    }

    public func double(_ column: Int32) -> Double {
        sqlite3_column_double(statement.handle, column)
    }

    public func string(_ column: Int32) -> String {
        sqlite3_column_text(statement.handle, column).map { String(cString: $0) } ?? ""
    }

    public func optionalString(_ column: Int32) -> String? {
        isNull(column) ? nil : string(column)
    }

    public func date(_ column: Int32) -> Date {
        Date(timeIntervalSince1970: Double(int64(column)) / 1000)
    }

    public func optionalDate(_ column: Int32) -> Date? {
        isNull(column) ? nil : date(column)
    }

    /// The column's value as SQLite holds it, whatever its type.
    public func value(_ column: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement.handle, column) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .integer(int64(column))
        case SQLITE_FLOAT: .real(double(column))
        case SQLITE_BLOB: .blob(Array(data(column)))
        default: .text(string(column))
        }
    }

    public func data(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(statement.handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(statement.handle, column) else {
            // TEXT columns read as bytes too (JSON stored as text).
            return Data(string(column).utf8)
        }
        return Data(bytes: bytes, count: count)
    }
}
