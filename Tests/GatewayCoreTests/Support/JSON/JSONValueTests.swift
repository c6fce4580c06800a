@testable import GatewayCore
import Testing

@Suite struct JSONValueTests {
    @Test func numbersReadAsTextTheWayOSSWritesCodes() {
        #expect(JSONValue.number(50).text == "50")
        #expect(JSONValue.integer(45).text == "45")
        #expect(JSONValue.number(2.5).text == "2.5")
    }

    @Test func aWholeNumberBeyondIntsRangeIsReadNotTrapped() {
        // gerbang-fuzz found it: a push with "nib": 1e300 stopped the process (fixtures/fuzz/*/crash-*-number-beyond-int.json).
        #expect(JSONValue.number(1e300).text == "1e+300")
        #expect(JSONValue.number(-1e300).meaningfulText == "-1e+300")
        #expect(JSONValue.number(.infinity).text == "inf")
    }
}
