import Foundation
import GatewayCore

/// At most `perMinute` calls to a system in any 60 seconds (a sliding window, so no burst at a minute's
/// turn doubles it): OSS rate-limits agencies, and every asking call the gateway makes to it (the
/// reconciler's checkLicenseStatus, the check before a status is sent again) takes from one budget.
final class CallBudget: Sendable {
    let perMinute: Int
    private let calls = Locked<[Date]>([])

    init(perMinute: Int) {
        self.perMinute = max(1, perMinute)
    }

    /// Takes one call if the last minute has room for it; false when it has not (ask later).
    func take(at time: Date) -> Bool {
        calls.withLock { calls in
            calls.removeAll { $0 <= time - 60 }
            guard calls.count < perMinute else { return false }
            calls.append(time)
            return true
        }
    }

    /// How many calls the last minute still has room for.
    func available(at time: Date) -> Int {
        calls.withLock { calls in perMinute - calls.filter { $0 > time - 60 }.count }
    }
}
