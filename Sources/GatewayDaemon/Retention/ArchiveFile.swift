import Foundation
import GatewayStore
#if canImport(Glibc)
import Glibc
#endif

/// One monthly archive file, appended to in batches.
///
/// A batch's lines are written and synced before the transaction that deletes their rows; the database records
/// the file's length with that transaction (``GatewayStore/ArchiveStore``). Lines past the recorded length belong
/// to a batch that did not commit (a crash, a failed write job): they are cut before the next batch is appended,
/// so a line is never archived twice and never lost.
enum ArchiveFile {
    struct Failure: Error, CustomStringConvertible {
        let path: String
        let operation: String
        let code: Int32

        var description: String { "\(path): \(operation) failed: \(String(cString: strerror(code)))" }
    }

    /// Appends `lines` (each ended with a newline here) after the first `committed` bytes of the file, created with
    /// its folder when missing, and syncs it. Returns the file's new length.
    static func append(_ lines: [String], to path: String, committed: Int) throws -> Int {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let existed = FileManager.default.fileExists(atPath: path)
        if !existed { try PrivateFile.create(path) }  // 0600: an archive holds inbox bodies and the sync log
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, PrivateFile.mode)
        guard descriptor >= 0 else { throw Failure(path: path, operation: "open", code: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Failure(path: path, operation: "stat", code: errno) }
        // Longer than recorded: a batch that did not commit. Shorter (moved away by an operator): go on from its end.
        let start = min(Int(status.st_size), committed)
        if Int(status.st_size) > start, ftruncate(descriptor, off_t(start)) != 0 { throw Failure(path: path, operation: "truncate", code: errno) }
        guard lseek(descriptor, off_t(start), SEEK_SET) >= 0 else { throw Failure(path: path, operation: "seek", code: errno) }
        var bytes: [UInt8] = []
        for line in lines {
            bytes.append(contentsOf: line.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { throw Failure(path: path, operation: "write", code: errno) }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw Failure(path: path, operation: "fsync", code: errno) }
        if !existed { syncFolder(folder) }  // the new file's name survives a power cut too
        return start + bytes.count
    }

    private static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
