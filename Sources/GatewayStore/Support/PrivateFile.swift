import Foundation
import Glibc

/// Files that hold what applicants and officers wrote (the database, its
/// backups, archives, the lock) are created readable by the gateway's own
/// user only, whatever the process's umask: 0600 (docs/security.md, "Files at
/// rest"). SQLite gives a database's `-wal` and `-shm` the database file's
/// mode, so creating the database this way covers them too.
public enum PrivateFile {
    /// The mode files are created with.
    public static let mode: mode_t = 0o600

    /// Creates `path` empty with ``mode`` unless it exists; a file that exists is left as it is.
    public static func create(_ path: String) throws(PrivateFileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if descriptor < 0 {
            if errno == EEXIST { return }
            throw PrivateFileError(path: path, operation: "create", code: errno)
        }
        defer { close(descriptor) }
        // open's mode passes through the umask, which may only take bits away; fchmod makes it exact.
        guard fchmod(descriptor, mode) == 0 else { throw PrivateFileError(path: path, operation: "chmod", code: errno) }
    }

    /// Whether a file's permission bits let anyone but its owner (and, read-only, its group) in: wider than 0640.
    public static func isTooOpen(_ permissions: Int) -> Bool {
        permissions & 0o037 != 0
    }
}

/// A private file could not be created.
public struct PrivateFileError: Error, CustomStringConvertible {
    public let path: String
    public let operation: String
    public let code: Int32

    public var description: String { "\(path): \(operation) failed: \(String(cString: strerror(code)))" }
}
