import Foundation
import GatewayCore
import NationalSystems

/// The mocks' time: the real clock, or a fixed instant an admin set, so a
/// test can put a mock just before midnight in Jakarta and watch the OSS
/// Token change.
public final class MockClock: Sendable {
    private let fixed = Locked<Date?>(nil)
    private let source: @Sendable () -> Date

    /// - Parameter source: the time when no instant is fixed; the real clock unless a
    ///   demo runs the mocks on its accelerated one.
    public init(source: @escaping @Sendable () -> Date = { Date() }) {
        self.source = source
    }

    public func now() -> Date {
        fixed.withLock { $0 } ?? source()
    }

    public func set(_ instant: Date?) {
        fixed.withLock { $0 = instant }
    }

    public var isFixed: Bool { fixed.withLock { $0 != nil } }

    public static let jakarta = JakartaTime.zone

    /// "2026-12-17T09:00:00+07:00"
    public func isoNow() -> String {
        JakartaTime.iso(now())
    }

    /// "2026-12-17 09:00:00", the PIA's tgl_status format, Jakarta time.
    public func ossTimestamp() -> String {
        JakartaTime.ossTimestamp(now())
    }

    /// "2026-12-17"
    public func today() -> String {
        JakartaTime.day(now())
    }
}
