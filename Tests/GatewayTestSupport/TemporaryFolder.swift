import Foundation

/// A fresh folder for one test's database files, removed afterwards.
public final class TemporaryFolder {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gerbang-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    public func path(_ name: String = "gerbang.sqlite") -> String {
        url.appendingPathComponent(name).path
    }
}
