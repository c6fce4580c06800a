import Foundation
import GatewayCore
import Synchronization

/// The mocks' time: the real clock, or a fixed instant an admin set, so a
/// test can put a mock just before midnight in Jakarta and watch the OSS
/// Token change.
public final class MockClock: Sendable {
    private let fixed = Mutex<Date?>(nil)

    public init() {}

    public func now() -> Date {
        fixed.withLock { $0 } ?? Date()
    }

    public func set(_ instant: Date?) {
        fixed.withLock { $0 = instant }
    }

    public var isFixed: Bool { fixed.withLock { $0 != nil } }

    public static let jakarta = TimeZone(identifier: "Asia/Jakarta") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    /// "2026-12-17T09:00:00+07:00"
    public func isoNow() -> String {
        Self.iso(now())
    }

    /// "2026-12-17 09:00:00", the PIA's tgl_status format, Jakarta time.
    public func ossTimestamp() -> String {
        String(Self.iso(now()).prefix(19)).replacingOccurrences(of: "T", with: " ")
    }

    /// "2026-12-17"
    public func today() -> String {
        LocalDate.of(now(), in: Self.jakarta).date.description
    }

    static func iso(_ instant: Date) -> String {
        let (date, seconds) = LocalDate.of(instant, in: jakarta)
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date)T\(pad(seconds / 3600)):\(pad(seconds % 3600 / 60)):\(pad(seconds % 60))+07:00"
    }
}
