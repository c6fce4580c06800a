import Foundation

/// Every store of the gateway over one connection, so one transaction can
/// span them: the inbox row, the case, the outbox rows and the sync log of
/// one inbound message commit together or not at all.
public final class GatewayDatabase {
    public let connection: SQLiteConnection
    public let cases: CaseStore
    public let caseKeys: CaseKeyStore
    public let parked: ParkedMessageStore
    public let escalations: EscalationStore
    public let inbox: InboxStore
    public let outbox: OutboxStore
    public let syncLog: SyncLogStore
    public let permits: PermitStore
    public let nibChecks: NIBCheckStore
    public let cursors: CursorStore
    public let documents: DocumentStore
    public let tokens: TokenStore
    public let sessions: SessionStore
    public let pauses: PauseStore
    public let sopVersions: SOPVersionStore
    public let archive: ArchiveStore

    public init(_ connection: SQLiteConnection) {
        self.connection = connection
        cases = CaseStore(connection)
        caseKeys = CaseKeyStore(connection)
        parked = ParkedMessageStore(connection)
        escalations = EscalationStore(connection)
        inbox = InboxStore(connection)
        outbox = OutboxStore(connection)
        syncLog = SyncLogStore(connection)
        permits = PermitStore(connection)
        nibChecks = NIBCheckStore(connection)
        cursors = CursorStore(connection)
        documents = DocumentStore(connection)
        tokens = TokenStore(connection)
        sessions = SessionStore(connection)
        pauses = PauseStore(connection)
        sopVersions = SOPVersionStore(connection)
        archive = ArchiveStore(connection)
    }

    /// Opens (creating if needed) and migrates the database for writing.
    public static func open(path: String) throws -> GatewayDatabase {
        let connection = try SQLiteConnection(path: path)
        try Migrator.migrate(connection)
        return GatewayDatabase(connection)
    }

    /// Opens an existing database for reading only, as the CLI's listings do while the daemon writes.
    /// Refuses a file whose schema is not this program's.
    public static func openForReading(path: String) throws -> GatewayDatabase {
        guard FileManager.default.fileExists(atPath: path) else { throw CaseStoreError.noDatabase(path: path) }
        let connection = try SQLiteConnection(path: path, options: .init(readOnly: true))
        let known = Schema.version
        let found = (try? Migrator.appliedVersions(connection).max()) ?? 0
        guard found == known else { throw CaseStoreError.schemaMismatch(path: path, found: found, known: known) }
        return GatewayDatabase(connection)
    }

    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try connection.transaction(body)
    }
}
