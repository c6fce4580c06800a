import CSQLite
import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore

/// The database cannot take writes now: the disk is full, another process holds its write lock past the
/// busy timeout, it was made read-only, or its I/O fails. Nothing of the request was kept, so the sender
/// is told 503 with Retry-After, in its own format, and sends again; the gateway recovers by itself once
/// a write commits again.
public struct StorageFault: HTTPResponseError, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable {
        case full, locked, readOnly, failing
    }

    public let kind: Kind
    /// SQLite's own words, for the operator.
    public let detail: String

    /// The fault an error shows, nil for errors that are not the storage's (a constraint, a bad request).
    public static func of(_ error: any Error) -> StorageFault? {
        if let fault = error as? StorageFault { return fault }
        guard let error = error as? SQLiteError else { return nil }
        let kind: Kind
        switch error.code {
        case SQLITE_FULL: kind = .full
        case SQLITE_BUSY, SQLITE_LOCKED: kind = .locked
        case SQLITE_READONLY: kind = .readOnly
        case SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_CORRUPT, SQLITE_NOTADB: kind = .failing
        default: return nil
        }
        return StorageFault(kind: kind, detail: error.message)
    }

    /// How the situation reads to an operator.
    public var description: String {
        switch kind {
        case .full: "the database's disk is full (\(detail)): free space, and the gateway carries on"
        case .locked: "another process holds the database's write lock past the busy timeout (\(detail)): stop it, and the gateway carries on"
        case .readOnly: "the database is read-only (\(detail)): make the file and its folder writable for the gateway"
        case .failing: "the database's storage fails (\(detail)): check the disk"
        }
    }

    public var status: HTTPStatus { .serviceUnavailable }
    public var message: String { "nothing was kept: the gateway cannot write to its database now; send it again later" }
    public var headers: HTTPHeaders { ["Retry-After": String(Self.retryAfterSeconds)] }
    static let retryAfterSeconds = 5
}

/// Whether writes are failing, and since when: what /readyz and the sync log say.
final class StorageHealth: Sendable {
    private let current = Locked<(fault: StorageFault, since: Date)?>(nil)

    var fault: (fault: StorageFault, since: Date)? { current.withLock { $0 } }

    /// Records a failed write; true when it starts a fault (or changes its kind), so it is said once.
    func failed(_ fault: StorageFault, at time: Date) -> Bool {
        current.withLock { current in
            guard current?.fault.kind != fault.kind else { return false }
            current = (fault, time)
            return true
        }
    }

    /// A write that changed something committed: the fault, if there was one, is over. Returns it.
    func committed() -> (fault: StorageFault, since: Date)? {
        current.withLock { current in
            defer { current = nil }
            return current
        }
    }
}
