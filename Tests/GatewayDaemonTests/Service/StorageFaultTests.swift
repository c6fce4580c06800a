import CSQLite
import GatewayStore
import Testing
@testable import GatewayDaemon

@Suite struct StorageFaultClassificationTests {
    func error(_ code: Int32, _ message: String) -> SQLiteError { SQLiteError(code: code, message: message, sql: "INSERT …") }

    @Test func theStoragesOwnFailuresAreFaultsThatSayWhatToDo() throws {
        let full = try #require(StorageFault.of(error(SQLITE_FULL, "database or disk is full")))
        #expect(full.kind == .full && full.description.contains("free space"))
        #expect(StorageFault.of(error(SQLITE_BUSY, "database is locked"))?.kind == .locked)
        let readOnly = try #require(StorageFault.of(error(SQLITE_READONLY, "attempt to write a readonly database")))
        #expect(readOnly.kind == .readOnly && readOnly.description.contains("writable"))
        #expect(StorageFault.of(error(SQLITE_IOERR, "disk I/O error"))?.kind == .failing)
        #expect(full.status.code == 503 && full.headers["Retry-After"] == "5")
    }

    @Test func aRefusedRowIsNotAStorageFault() {
        #expect(StorageFault.of(error(SQLITE_CONSTRAINT, "UNIQUE constraint failed")) == nil)
    }

    @Test func aFaultIsSaidOnceAndEndsAtTheNextCommitThatWroteRows() {
        let health = StorageHealth()
        let full = StorageFault(kind: .full, detail: "full")
        #expect(health.failed(full, at: .init(timeIntervalSince1970: 0)))
        #expect(!health.failed(full, at: .init(timeIntervalSince1970: 5)))  // the same fault again: nothing new to say
        #expect(health.fault?.since == .init(timeIntervalSince1970: 0))
        #expect(health.committed()?.fault == full)
        #expect(health.fault == nil && health.committed() == nil)
    }
}
