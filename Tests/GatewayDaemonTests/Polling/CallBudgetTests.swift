import Foundation
import Testing
@testable import GatewayDaemon

@Suite struct CallBudgetTests {
    let start = Date(timeIntervalSince1970: 1_797_814_800)

    @Test func noMoreCallsThanTheBudgetInAnySixtySecondsASlidingWindow() {
        let budget = CallBudget(perMinute: 3)
        #expect([0, 10, 20, 30].map { budget.take(at: start + Double($0)) } == [true, true, true, false])
        #expect(budget.available(at: start + 59) == 0)
        #expect(budget.available(at: start + 60) == 1)  // the call at 0 has left the window
        #expect(budget.take(at: start + 60) && !budget.take(at: start + 69))
        #expect(budget.available(at: start + 80) == 2)
    }

    @Test func aBudgetAskedOverHoursKeepsCountingRight() {
        let budget = CallBudget(perMinute: 10)
        var taken = 0
        // A call tried every second for three hours: ten go each minute, whatever the calls before.
        for second in 0..<(3 * 3600) where budget.take(at: start + Double(second)) { taken += 1 }
        #expect(taken == 3 * 60 * 10)
        #expect(budget.available(at: start + 3 * 3600 - 1) == 0 && budget.available(at: start + 4 * 3600) == 10)
    }
}
