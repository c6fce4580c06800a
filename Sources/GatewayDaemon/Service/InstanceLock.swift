import Foundation
import GatewayStore
import Glibc

/// One gateway per database: an exclusive `flock` on `<database>.lock`, held
/// while the gateway runs. A second `gerbang serve` on the same database would
/// run a second writer, dispatcher and sweeper beside the first: every message
/// sent twice. The kernel drops the lock when the process dies, however it dies,
/// so a crash never leaves a stale lock behind.
public final class InstanceLock: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var released = false
    public let path: String

    /// Takes the lock, or throws naming the process that holds it.
    public init(database: String) throws {
        path = database + ".lock"
        try? PrivateFile.create(path)  // 0600 whatever the umask; a lock left by an earlier start is reused as it is
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, PrivateFile.mode)
        guard descriptor >= 0 else {
            throw GatewayStartError(message: "cannot create \(path): \(String(cString: strerror(errno))): check the folder's permissions")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.pid(in: descriptor)
            close(descriptor)
            throw InstanceLockHeld(database: database, pid: holder)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
    }

    /// The process id of the gateway holding `database`, or nil when none does; creates no file.
    public static func holder(of database: String) -> String? {
        let descriptor = open(database + ".lock", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        // A shared lock is refused while the gateway holds its exclusive one; taken, it is dropped at once.
        guard flock(descriptor, LOCK_SH | LOCK_NB) != 0 else {
            flock(descriptor, LOCK_UN)
            return nil
        }
        return pid(in: descriptor)
    }

    private static func pid(in descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
    }

    /// Lets the next gateway start on the database.
    public func release() {
        lock.lock()
        defer { lock.unlock() }
        guard !released else { return }
        released = true
        close(descriptor)  // closing the descriptor drops the flock
    }

    deinit {
        release()
    }
}

/// Why the gateway could not start, said so an operator knows what to do.
public struct GatewayStartError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Another process holds a database's instance lock: a running gateway (or a restore under way).
public struct InstanceLockHeld: Error, CustomStringConvertible {
    public let database: String
    public let pid: String

    public var description: String {
        "another gateway (pid \(pid)) is running on \(database): stop it first, or give this one another database (GERBANG_DATABASE)"
    }
}
