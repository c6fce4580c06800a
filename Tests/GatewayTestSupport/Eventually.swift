import Foundation

/// Waits for a condition another thread makes true, checking it often, up to a limit:
/// what a test does instead of sleeping a fixed time.
public enum Eventually {
    /// How long a test waits for an event before calling it missing: only a hung system reaches it, never a slow
    /// one (a test asserts what happened, not how fast).
    public static let patience: Duration = .seconds(120)

    public static func holds(within limit: Duration = patience, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return try condition()
    }
}
