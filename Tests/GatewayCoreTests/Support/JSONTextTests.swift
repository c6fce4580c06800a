import Testing
@testable import GatewayCore

@Suite struct JSONTextTests {
    func string(_ text: String) -> String {
        var output: [UInt8] = []
        JSONText.appendString(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    func number(_ value: Double) -> String {
        var output: [UInt8] = []
        JSONText.appendNumber(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @Test func stringsEscapeQuotesBackslashesAndControlCharactersOnly() {
        #expect(string("a\"b\\c/d") == #""a\"b\\c/d""#)
        #expect(string("\n\r\t\u{08}\u{0C}\u{01}") == #""\n\r\t\b\f\u0001""#)
        #expect(string("Pemohon: Ahmad Fauzi, Rp 1.000 — é") == "\"Pemohon: Ahmad Fauzi, Rp 1.000 — é\"")
    }

    @Test func integralNumbersHaveNoFractionAndNonFiniteOnesAreNull() {
        #expect(number(1_797_472_800_000) == "1797472800000")
        #expect(number(2.5) == "2.5")
        #expect(number(-0.125) == "-0.125")
        #expect(number(.nan) == "null" && number(.infinity) == "null")
    }

    @Test func integersAreWrittenAsStringWritesThem() {
        for value: Int64 in [0, 7, -7, 10, 1_797_472_800_000, .max, .min] {
            var output: [UInt8] = []
            JSONText.appendInteger(value, to: &output)
            #expect(String(decoding: output, as: UTF8.self) == String(value))
        }
        #expect(number(-3) == "-3")
    }
}
