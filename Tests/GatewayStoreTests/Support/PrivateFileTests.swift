import Foundation
import Glibc
import GatewayTestSupport
import Testing
@testable import GatewayStore

/// What holds applicants' and officers' words is created for the gateway's user alone, whatever the umask.
@Suite(.serialized) struct PrivateFileTests {
    func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    /// Runs `body` under the usual umask of 022, which would leave new files readable by everyone.
    func underUsualUmask<T>(_ body: () throws -> T) rethrows -> T {
        let previous = umask(0o022)
        defer { umask(previous) }
        return try body()
    }

    @Test func theDatabaseItsWALItsSHMAndABackupAreCreated0600() throws {
        let folder = try TemporaryFolder()
        let path = folder.path()
        let database = try underUsualUmask { try GatewayDatabase.open(path: path) }
        try database.cursors.set("siinas", to: "1", at: Date())
        _ = try underUsualUmask { try DatabaseBackup.backup(path, to: folder.path("backup.sqlite")) }
        for file in [path, path + "-wal", path + "-shm", folder.path("backup.sqlite")] {
            #expect(mode(file) == 0o600, "\(file)")
        }
    }

    @Test func aFileThatExistsIsLeftAsItIs() throws {
        let folder = try TemporaryFolder()
        #expect(FileManager.default.createFile(atPath: folder.path("x"), contents: Data("kept".utf8), attributes: [.posixPermissions: 0o640]))
        try PrivateFile.create(folder.path("x"))
        #expect(mode(folder.path("x")) == 0o640 && FileManager.default.contents(atPath: folder.path("x")) == Data("kept".utf8))
        #expect(!PrivateFile.isTooOpen(0o640) && !PrivateFile.isTooOpen(0o600) && PrivateFile.isTooOpen(0o644) && PrivateFile.isTooOpen(0o660))
    }
}
