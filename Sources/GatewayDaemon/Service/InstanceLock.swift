import Foundation
import Glibc

/// One gateway per database: an exclusive `flock` on `<database>.lock`, held
/// while the gateway runs. A second `gerbang serve` on the same database would
/// run a second writer, dispatcher and sweeper beside the first: every message
/// sent twice. The kernel drops the lock when the process dies, however it dies,
/// so a crash never leaves a stale lock behind.
final class InstanceLock: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var released = false
    let path: String

    /// Takes the lock, or throws naming the process that holds it.
    init(database: String) throws {
        path = database + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw GatewayStartError(message: "cannot create \(path): \(String(cString: strerror(errno))): check the folder's permissions")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(descriptor, &buffer, buffer.count, 0)
            let holder = count > 0 ? String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            close(descriptor)
            throw GatewayStartError(message: "another gateway (pid \(holder)) is running on \(database): stop it first, or give this one another database (GERBANG_DATABASE)")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
    }

    /// Lets the next gateway start on the database.
    func release() {
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
