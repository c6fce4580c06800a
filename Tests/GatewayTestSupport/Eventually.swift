import Foundation

/// Waits for a condition another thread makes true, checking it often, up to a limit:
/// what a test does instead of sleeping a fixed time.
public enum Eventually {
    public static func holds(within limit: Duration, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return try condition()
    }
}
