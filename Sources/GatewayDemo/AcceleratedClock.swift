import Foundation
import GatewayCore

/// The demo's clock: from a start instant, so many working hours pass for
/// each real second, and evenings, weekends and holidays are skipped, so
/// time standards of days are met or missed within a run of seconds.
public struct AcceleratedClock: TimeSource {
    public let start: Date
    public let workingHoursPerSecond: Double
    public let calendar: WorkCalendar
    private let began: ContinuousClock.Instant

    public init(start: Date, workingHoursPerSecond: Double, calendar: WorkCalendar) {
        self.start = start
        self.workingHoursPerSecond = workingHoursPerSecond
        self.calendar = calendar
        began = ContinuousClock.now
    }

    public func now() -> Date {
        let elapsed = ContinuousClock.now - began
        let seconds = elapsed.seconds
        return calendar.adding(workingSeconds: Int(seconds * workingHoursPerSecond * 3600), to: start)
    }
}
