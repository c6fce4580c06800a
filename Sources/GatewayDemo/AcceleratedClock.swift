import Foundation
import GatewayCore

/// The demo's clock: from a start instant, so many working hours pass for
/// each real second, and evenings, weekends and holidays are skipped, so
/// time standards of days are met or missed within a run of seconds.
///
/// It is anchored at a wall-clock instant, so processes that share the anchor
/// read the same time: the chaos run's mocks, each in its own process, and a
/// gateway restarted after a kill carry on where the killed one was.
public struct AcceleratedClock: TimeSource {
    public let start: Date
    public let workingHoursPerSecond: Double
    public let calendar: WorkCalendar
    /// The real instant at which the clock read `start`.
    public let anchor: Date

    public init(start: Date, workingHoursPerSecond: Double, calendar: WorkCalendar, anchor: Date = Date()) {
        self.start = start
        self.workingHoursPerSecond = workingHoursPerSecond
        self.calendar = calendar
        self.anchor = anchor
    }

    public func now() -> Date {
        reading(at: Date())
    }

    /// What the clock reads at the real instant `real`: `start` before the anchor.
    public func reading(at real: Date) -> Date {
        let seconds = max(0, real.timeIntervalSince(anchor))
        return calendar.adding(workingSeconds: Int(seconds * workingHoursPerSecond * 3600), to: start)
    }

    /// Where a process started by a chaos run finds the clock it shares: "start=MS,anchor=MS,rate=H"
    /// (milliseconds since 1970; working hours per real second). For development on loopback only:
    /// `gerbang serve` refuses it on an exposed gateway.
    public static let environmentVariable = "GERBANG_ACCELERATED_CLOCK"

    public var environmentValue: String {
        "start=\(Int64(start.timeIntervalSince1970 * 1000)),anchor=\(Int64(anchor.timeIntervalSince1970 * 1000)),rate=\(workingHoursPerSecond)"
    }

    /// The clock the environment names, nil when it names none; a value that does not read is an error naming it.
    public static func fromEnvironment(_ environment: [String: String], calendar: WorkCalendar) throws -> AcceleratedClock? {
        guard let text = environment[environmentVariable] else { return nil }
        var fields: [String: Double] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2, let value = Double(pair[1]) { fields[pair[0]] = value }
        }
        guard let start = fields["start"], let anchor = fields["anchor"], let rate = fields["rate"], rate > 0 else {
            throw DemoError(message: "\(environmentVariable)='\(text)' does not read: write start=MS,anchor=MS,rate=HOURS (milliseconds since 1970)")
        }
        return AcceleratedClock(start: Date(timeIntervalSince1970: start / 1000), workingHoursPerSecond: rate, calendar: calendar,
                                anchor: Date(timeIntervalSince1970: anchor / 1000))
    }
}
