import Foundation

/// The `gerbang` binary SwiftPM built next to the test bundle.
public enum BuiltGerbang {
    public static var executable: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gerbang")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Bundle.main.bundleURL.appendingPathComponent("gerbang")
    }
}
