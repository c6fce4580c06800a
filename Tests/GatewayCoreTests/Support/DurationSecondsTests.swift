import Testing
import GatewayCore

@Suite struct DurationSecondsTests {
    @Test func wholeAndFractionalPartsBothCount() {
        #expect(Duration.milliseconds(1500).seconds == 1.5)
        #expect(Duration.microseconds(2500).milliseconds == 2.5)
        #expect(Duration.seconds(3).milliseconds == 3000)
    }
}
