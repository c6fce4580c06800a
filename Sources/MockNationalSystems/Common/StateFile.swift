import Foundation

/// Where a mock keeps its state between runs: written whole after every
/// change, through a temporary file renamed over the old one, so a crash
/// mid-write leaves the previous state rather than half of the new one.
public struct StateFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func read() -> Data? {
        FileManager.default.contents(atPath: path)
    }

    public func write(_ data: Data) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = path + ".tmp"
        try data.write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
