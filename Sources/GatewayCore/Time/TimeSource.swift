import Foundation

/// Where the time comes from. The core never reads a clock itself: whoever
/// drives it passes times in, and services around it hold a TimeSource so
/// that tests and the demo can run on a clock of their own.
public protocol TimeSource: Sendable {
    func now() -> Date
}

/// A time source that always says the same instant.
public struct FixedTime: TimeSource {
    public let instant: Date

    public init(_ instant: Date) {
        self.instant = instant
    }

    public func now() -> Date { instant }
}
