import CSQLite

/// A failed SQLite call: the result code, SQLite's message and the SQL that failed.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The primary result code (SQLITE_BUSY, SQLITE_CONSTRAINT, …).
    public let code: Int32
    /// The extended result code (SQLITE_CONSTRAINT_PRIMARYKEY, …).
    public let extendedCode: Int32
    public let message: String
    public let sql: String?

    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String?) {
        self.code = code & 0xFF
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
    }

    /// Captures the connection's last error right after a failed call.
    init(_ handle: OpaquePointer?, sql: String?) {
        let extended = handle.map { sqlite3_extended_errcode($0) } ?? SQLITE_ERROR
        let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(extended))
        self.init(code: extended, extendedCode: extended, message: message, sql: sql)
    }

    public var isConstraintViolation: Bool { code == SQLITE_CONSTRAINT }
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }

    public var description: String {
        let name = String(cString: sqlite3_errstr(extendedCode))
        return "SQLite error \(extendedCode) (\(name)): \(message)" + (sql.map { " in: \($0)" } ?? "")
    }
}
