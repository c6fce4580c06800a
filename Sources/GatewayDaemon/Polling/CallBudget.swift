import Foundation
import GatewayCore

/// At most `perMinute` calls to a system in any 60 seconds (a sliding window, so no burst at a minute's
/// turn doubles it): OSS rate-limits agencies, and every asking call the gateway makes to it (the
/// reconciler's checkLicenseStatus, the check before a status is sent again) takes from one budget.
final class CallBudget: Sendable {
    let perMinute: Int
    /// The calls of the last minute, oldest first, from `first` on: a call that leaves the window is stepped over, not
    /// removed, so asking costs the same however often it is asked (the NIB checker asks at every push).
    private let calls = Locked<(times: [Date], first: Int)>(([], 0))

    init(perMinute: Int) {
        self.perMinute = max(1, perMinute)
    }

    /// Takes one call if the last minute has room for it; false when it has not (ask later).
    func take(at time: Date) -> Bool {
        calls.withLock { calls in
            Self.forget(before: time - 60, in: &calls)
            guard calls.times.count - calls.first < perMinute else { return false }
            calls.times.append(time)
            return true
        }
    }

    /// How many calls the last minute still has room for.
    func available(at time: Date) -> Int {
        calls.withLock { calls in
            Self.forget(before: time - 60, in: &calls)
            return perMinute - (calls.times.count - calls.first)
        }
    }

    /// Steps over the calls at or before `cutoff`, and drops them once they are most of the array. A clock set back
    /// leaves a later call before an earlier one: the window then lets go of it later, never sooner.
    private static func forget(before cutoff: Date, in calls: inout (times: [Date], first: Int)) {
        while calls.first < calls.times.count, calls.times[calls.first] <= cutoff { calls.first += 1 }
        if calls.first > 64, calls.first * 2 > calls.times.count {
            calls.times.removeFirst(calls.first)
            calls.first = 0
        }
    }
}
