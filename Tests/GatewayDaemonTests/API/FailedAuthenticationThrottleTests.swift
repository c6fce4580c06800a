import Testing
@testable import GatewayDaemon

@Suite struct FailedAuthenticationThrottleTests {
    let start = ContinuousClock.now
    let policy = FailedAuthenticationThrottle.Policy(limitPerMinute: 3, block: .seconds(300))

    @Test func theFailureThatReachesTheLimitBlocksTheAddressForTheBlockTime() {
        let throttle = FailedAuthenticationThrottle()
        #expect(!throttle.fail("10.0.0.1", at: start, policy: policy))
        #expect(!throttle.fail("10.0.0.1", at: start + .seconds(10), policy: policy))
        #expect(throttle.refusal(for: "10.0.0.1", at: start + .seconds(11)) == nil)
        #expect(throttle.fail("10.0.0.1", at: start + .seconds(20), policy: policy))
        #expect(throttle.refusal(for: "10.0.0.1", at: start + .seconds(21)) == .seconds(299))
        #expect(throttle.refusal(for: "10.0.0.1", at: start + .seconds(320)) == nil)
    }

    @Test func otherAddressesAreServedAsBefore() {
        let throttle = FailedAuthenticationThrottle()
        for second in 0..<3 { _ = throttle.fail("10.0.0.1", at: start + .seconds(second), policy: policy) }
        #expect(throttle.refusal(for: "10.0.0.1", at: start + .seconds(5)) != nil)
        #expect(throttle.refusal(for: "10.0.0.2", at: start + .seconds(5)) == nil)
    }

    @Test func failuresMoreThanAMinuteApartDoNotAddUp() {
        let throttle = FailedAuthenticationThrottle()
        for minute in 0..<10 {
            #expect(!throttle.fail("10.0.0.1", at: start + .seconds(minute * 61), policy: policy))
        }
        #expect(throttle.refusal(for: "10.0.0.1", at: start + .seconds(700)) == nil)
    }

    @Test func aFloodFromManyAddressesIsBoundedAndKeepsItsBlocks() {
        let throttle = FailedAuthenticationThrottle(capacity: 100)
        for second in 0..<3 { _ = throttle.fail("10.9.9.9", at: start + .seconds(second), policy: policy) }
        for number in 0..<1_000 { _ = throttle.fail("10.1.\(number / 256).\(number % 256)", at: start + .seconds(5), policy: policy) }
        #expect(throttle.count <= 100)
        #expect(throttle.refusal(for: "10.9.9.9", at: start + .seconds(6)) != nil)
    }
}
