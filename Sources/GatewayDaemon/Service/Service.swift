import Foundation

/// The name of a background service, as /readyz, /metrics and the operator's log say it.
public struct ServiceName: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// Sends a target's outbox messages.
    public static func dispatch(_ target: String) -> ServiceName { ServiceName("dispatch-\(target)") }
    /// Reads a system's feed.
    public static func poll(_ system: String) -> ServiceName { ServiceName("poll-\(system)") }
    public static let reconcileOSS = ServiceName("reconcile-oss")
    public static let pullOSS = ServiceName("pull-oss")
    /// Checks NIBs new to the gateway with OSS after their pushes were answered.
    public static let checkNIB = ServiceName("check-nib")
    public static let sweep = ServiceName("sweep")
    /// Moves old sync-log entries and inbox bodies to archive files.
    public static let retention = ServiceName("retention")

    public var description: String { rawValue }
}

/// A background service of the gateway, in the spirit of swift-service-lifecycle's `Service`: a round of
/// work run on its own thread every interval (sooner when nudged, at once again when it says there is more),
/// which finishes the round under way when the group stops it.
protocol Service: Sendable {
    var name: ServiceName { get }
    var intervalMilliseconds: Int { get }
    /// One round; true when there may be more to do now.
    func runOnce() -> Bool
    /// Whether a nudge could find work for a round now: false spares waking the thread for nothing (the NIB
    /// checker with its minute's budget spent is nudged by every push). Its interval still comes round.
    var mayWorkNow: Bool { get }
}

extension Service {
    var mayWorkNow: Bool { true }
}
