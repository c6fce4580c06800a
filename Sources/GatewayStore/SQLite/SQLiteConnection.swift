import CSQLite
import Foundation

/// One connection to a SQLite database file.
///
/// Opened in WAL mode with `synchronous=FULL`: a commit is on disk before
/// `transaction` returns, so a change reported as saved survives a crash or a
/// power cut (DESIGN.md, reliability rule 6). Not thread-safe: confine a
/// connection to one thread or actor; open another for another thread.
public final class SQLiteConnection {
    public struct Options: Sendable {
        public var readOnly = false
        /// How long a writer waits for another connection's write lock before failing with SQLITE_BUSY.
        public var busyTimeoutMilliseconds: Int32 = 5000

        public init(readOnly: Bool = false, busyTimeoutMilliseconds: Int32 = 5000) {
            self.readOnly = readOnly
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        }
    }

    public let path: String
    let handle: OpaquePointer
    private var statements: [String: Statement] = [:]
    private var statementsByAddress: [UnsafeRawPointer: Statement] = [:]
    private var transactionDepth = 0
    /// Counter additions of each open transaction and savepoint, innermost last (``addToCounters(_:key:amounts:)``).
    private var pendingCounters: [[PendingCounter: [Int]]] = []
    /// Where the WAL hook writes the frame count (a C callback takes a pointer, not a Swift object).
    private let framesAfterCommit: UnsafeMutablePointer<Int32> = {
        let pointer = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return pointer
    }()

    /// Set up once, before the first connection initializes SQLite (see the shim).
    private static let configured: Void = { _ = csqlite_disable_memory_statistics() }()

    public init(path: String, options: Options = Options()) throws(SQLiteError) {
        Self.configured
        var handle: OpaquePointer?
        let flags = (options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        if !options.readOnly, path != ":memory:", !path.isEmpty, !path.hasPrefix("file:") {
            do {
                try PrivateFile.create(path)
            } catch {
                throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot create \(error)", sql: nil)
            }
        }
        let result = sqlite3_open_v2(path, &handle, flags, nil)
        guard result == SQLITE_OK, let handle else {
            let error = SQLiteError(handle, sql: nil)
            sqlite3_close_v2(handle)  // sqlite3_open_v2 allocates a handle even when it fails
            throw SQLiteError(code: result, message: "cannot open \(path): \(error.message)", sql: nil)
        }
        self.path = path
        self.handle = handle
        sqlite3_busy_timeout(handle, options.busyTimeoutMilliseconds)
        // Foreign keys are off by default in SQLite.
        try execute("PRAGMA foreign_keys = ON")
        if !options.readOnly {
            let mode = try firstText("PRAGMA journal_mode = WAL")
            guard mode == "wal" else {
                throw SQLiteError(code: SQLITE_ERROR, message: "\(path) cannot use WAL journaling (got '\(mode ?? "")'): is it on a network file system?", sql: "PRAGMA journal_mode = WAL")
            }
            try execute("PRAGMA synchronous = FULL")
            // The writer runs each job in a savepoint, and SQLite keeps the pages a savepoint changes, to roll it back,
            // in a sub-journal: a temporary file by default, one pwrite per page a job first touches (a quarter of the
            // writer's time under ingest). In memory, it is a copy. Durability is the WAL's, untouched.
            try execute("PRAGMA temp_store = MEMORY")
        }
    }

    deinit {
        statementsByAddress.removeAll()
        statements.removeAll()
        sqlite3_close_v2(handle)
        framesAfterCommit.deallocate()
    }

    /// Runs one or more statements that take no parameters (schema, pragmas).
    public func execute(_ sql: String) throws(SQLiteError) {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else {
            throw SQLiteError(handle, sql: sql)
        }
    }

    /// Runs one statement with parameters; returns the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> Int {
        let statement = try prepared(sql)
        try statement.bind(values)
        defer { statement.reset() }
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Runs a query and maps each row.
    public func query<T>(_ sql: String, _ values: [SQLiteValue] = [], _ map: (Row) throws -> T) throws -> [T] {
        let statement = try prepared(sql)
        try statement.bind(values)
        defer { statement.reset() }
        var rows: [T] = []
        while try statement.step() {
            rows.append(try map(Row(statement: statement)))
        }
        return rows
    }

    /// Runs `body` in a write transaction and commits; rolls back and rethrows
    /// the body's error if it throws.
    ///
    /// The outermost call uses `BEGIN IMMEDIATE`, taking the write lock at the
    /// start so that two writers wait for each other instead of failing at
    /// commit with "database is locked". Nested calls use savepoints, so a
    /// store method that writes in a transaction also works inside a caller's.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let depth = transactionDepth
        let savepoint = "gerbang_\(depth)"
        // Prepared and cached like any statement: the writer opens a savepoint per job, and
        // sqlite3_exec would parse the text every time.
        try run(depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT \(savepoint)")
        transactionDepth += 1
        pendingCounters.append([:])
        defer {
            transactionDepth -= 1
            pendingCounters.removeLast()
        }
        do {
            let result = try body()
            if depth == 0 {
                try writeCounters(pendingCounters[depth])
                try run("COMMIT")
            } else {
                try run("RELEASE \(savepoint)")
                pendingCounters[depth - 1].merge(pendingCounters[depth], uniquingKeysWith: Self.added)
            }
            return result
        } catch {
            // Report the first error, not the rollback's.
            if depth == 0 {
                _ = try? run("ROLLBACK")
            } else {
                _ = try? run("ROLLBACK TO \(savepoint)")
                _ = try? run("RELEASE \(savepoint)")
            }
            throw error
        }
    }

    public var isInTransaction: Bool { transactionDepth > 0 }

    /// One counter row: the upsert that adds to it, and its key's values.
    private struct PendingCounter: Hashable {
        let upsert: String
        let key: [SQLiteValue]
    }

    /// Adds `amounts` to a row of counters with `upsert`, an `INSERT … ON CONFLICT DO UPDATE` whose parameters are the
    /// key's values then the amounts, once for the whole transaction just before it commits: one statement a row of
    /// counters a transaction, where a trigger ran a sub-program for every row counted. What a savepoint added goes
    /// with its rollback. Outside a transaction it runs at once.
    public func addToCounters(_ upsert: String, key: [SQLiteValue], amounts: [Int]) throws(SQLiteError) {
        guard transactionDepth > 0 else { return try writeCounters([PendingCounter(upsert: upsert, key: key): amounts]) }
        let counter = PendingCounter(upsert: upsert, key: key)
        pendingCounters[transactionDepth - 1][counter] = Self.added(pendingCounters[transactionDepth - 1][counter] ?? [], amounts)
    }

    private static func added(_ first: [Int], _ second: [Int]) -> [Int] {
        first.isEmpty ? second : zip(first, second).map(+)
    }

    private func writeCounters(_ counters: [PendingCounter: [Int]]) throws(SQLiteError) {
        for (counter, amounts) in counters {
            try run(counter.upsert, counter.key + amounts.map { .integer(Int64($0)) })
        }
    }

    /// Runs `body` all or nothing: in the caller's transaction when there is one (whose rollback then takes
    /// all of it), in a transaction of its own otherwise. A store's writes of several rows use it instead of
    /// a savepoint each: the writer already runs every job in a savepoint, and each nested one cost two
    /// statements more per push (`gerbang bench ingest`).
    @discardableResult
    public func atomically<T>(_ body: () throws -> T) throws -> T {
        isInTransaction ? try body() : try transaction(body)
    }

    /// Rows inserted, updated or deleted on this connection since it opened: whether a job wrote anything.
    public var totalChanges: Int64 { sqlite3_total_changes64(handle) }

    /// The rowid of the last row this connection inserted.
    public func lastInsertedRowID() throws(SQLiteError) -> Int {
        Int(sqlite3_last_insert_rowid(handle))
    }

    /// Copies the whole database into a new file with SQLite's online backup API
    /// (https://sqlite.org/backup.html), in one step: the copy is the database as
    /// one read transaction saw it, while writers on other connections go on (WAL).
    public func backup(to path: String) throws(SQLiteError) {
        var target: OpaquePointer?
        do {
            try PrivateFile.create(path)
        } catch {
            throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot create \(error)", sql: nil)
        }
        guard sqlite3_open_v2(path, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let target else {
            let error = SQLiteError(target, sql: nil)
            sqlite3_close_v2(target)
            throw SQLiteError(code: error.code, message: "cannot create \(path): \(error.message)", sql: nil)
        }
        defer { sqlite3_close_v2(target) }
        guard let backup = sqlite3_backup_init(target, "main", handle, "main") else {
            throw SQLiteError(target, sql: "backup to \(path)")
        }
        var result: Int32
        repeat {
            result = sqlite3_backup_step(backup, -1)
            // Busy or locked: another connection holds a lock for a moment; try again shortly.
            if result == SQLITE_BUSY || result == SQLITE_LOCKED { sqlite3_sleep(10) }
        } while result == SQLITE_OK || result == SQLITE_BUSY || result == SQLITE_LOCKED
        sqlite3_backup_finish(backup)
        guard result == SQLITE_DONE else {
            throw SQLiteError(code: result, message: "backup to \(path) failed: \(String(cString: sqlite3_errstr(result)))", sql: nil)
        }
        // The copy takes the source's WAL flag with its pages; a copy in rollback-journal mode is one
        // self-contained file, and opening it to read it back leaves no -wal or -shm beside it.
        guard sqlite3_exec(target, "PRAGMA journal_mode = DELETE", nil, nil, nil) == SQLITE_OK else {
            throw SQLiteError(target, sql: "PRAGMA journal_mode = DELETE")
        }
    }

    /// How much a checkpoint may wait for (https://sqlite.org/c3ref/wal_checkpoint_v2.html).
    public enum CheckpointMode: Sendable {
        /// Copies what no reader still needs, waiting for nobody: safe beside the writer.
        case passive
        /// Waits for readers and the writer, copies everything and empties the WAL file: for a clean shutdown.
        case truncate

        var code: Int32 { self == .passive ? SQLITE_CHECKPOINT_PASSIVE : SQLITE_CHECKPOINT_TRUNCATE }
    }

    /// What a checkpoint found and did, in WAL frames (pages).
    public struct Checkpoint: Sendable, Equatable {
        /// Frames in the WAL when it ran.
        public let walFrames: Int
        /// Frames now copied into the database file.
        public let copiedFrames: Int

        /// Everything committed is in the database file itself.
        public var isComplete: Bool { copiedFrames == walFrames }
    }

    /// Copies committed pages from the WAL into the database file, so the `.sqlite` file
    /// holds the data and the WAL stays small (https://sqlite.org/wal.html#checkpointing).
    @discardableResult
    public func checkpoint(_ mode: CheckpointMode) throws(SQLiteError) -> Checkpoint {
        var walFrames: Int32 = 0
        var copiedFrames: Int32 = 0
        let result = sqlite3_wal_checkpoint_v2(handle, nil, mode.code, &walFrames, &copiedFrames)
        // SQLITE_BUSY: a reader or the writer held what the mode waits for; some frames may still have been copied.
        guard result == SQLITE_OK || result == SQLITE_BUSY else { throw SQLiteError(handle, sql: "checkpoint") }
        return Checkpoint(walFrames: Int(max(0, walFrames)), copiedFrames: Int(max(0, copiedFrames)))
    }

    /// Turns off SQLite's checkpoint at commit time for this connection (another connection checkpoints, or the
    /// caller decides when), and counts instead the frames in the WAL after each commit (``walFrames``).
    public func disableAutomaticCheckpoints() throws(SQLiteError) {
        try execute("PRAGMA wal_autocheckpoint = 0")
        // The automatic checkpoint is itself a WAL hook, which the pragma just removed: this one only counts.
        sqlite3_wal_hook(handle, { context, _, _, frames in
            context?.assumingMemoryBound(to: Int32.self).pointee = frames
            return SQLITE_OK
        }, framesAfterCommit)
    }

    /// Frames (pages) in the WAL after this connection's last commit, once ``disableAutomaticCheckpoints()`` has run:
    /// from the start of the WAL file, which SQLite reuses from its beginning once a checkpoint copied every frame.
    public var walFrames: Int { Int(framesAfterCommit.pointee) }

    /// Lets this connection keep `kibibytes` of pages in memory (SQLite's default is 2 MiB). The writer's group
    /// of jobs dirties more pages than that: SQLite then spills pages to the WAL in the middle of the
    /// transaction and writes them again when they change once more.
    public func setCacheSize(kibibytes: Int) throws(SQLiteError) {
        try execute("PRAGMA cache_size = -\(max(1, kibibytes))")
    }

    /// The first column of the first row, as text.
    public func firstText(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> String? {
        let statement = try prepared(sql)
        try statement.bind(values)
        defer { statement.reset() }
        return try statement.step() ? Row(statement: statement).optionalString(0) : nil
    }

    /// The statement of `sql`, prepared once. Found first by where the text's bytes are: the stores' SQL is mostly
    /// literals, whose bytes never move, and hashing the whole text for every statement run cost about 3% of the
    /// writer's time. A hit is confirmed by comparing the text (at once when it is the same string), so a heap
    /// string whose address another took over is only a miss.
    private func prepared(_ sql: String) throws(SQLiteError) -> Statement {
        let address = sql.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
        if let address, let statement = statementsByAddress[address], statement.sql == sql { return statement }
        let statement: Statement
        if let known = statements[sql] {
            statement = known
        } else {
            statement = try Statement(sql: sql, connection: handle)
            statements[sql] = statement
        }
        if let address, statementsByAddress.count < 4096 { statementsByAddress[address] = statement }
        return statement
    }
}
