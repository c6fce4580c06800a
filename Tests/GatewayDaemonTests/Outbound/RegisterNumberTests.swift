import GatewayCore
import Testing
@testable import GatewayDaemon

/// The agency's register numbers: its template filled with the year's sequence, the year, the Roman month and its code.
@Suite struct RegisterNumberTests {
    let december = LocalDate(year: 2026, month: 12, day: 18)!

    @Test func aLetterNumberIsTheSequenceWithTheAgencysCodeTheRomanMonthAndTheYear() {
        let letters = RegisterNumber(template: "{seq}/{kdInstansi}/{bulan}/{yyyy}")
        #expect(letters.format(sequence: 7, day: december, kdInstansi: "998") == "007/998/XII/2026")
        #expect(letters.format(sequence: 1234, day: LocalDate(year: 2027, month: 4, day: 1)!, kdInstansi: "998") == "1234/998/IV/2027")
        #expect(RegisterNumber(template: "551/{seq}/INS/{yyyy}").format(sequence: 12, day: december, kdInstansi: "998") == "551/012/INS/2026")
    }

    @Test func aTemplateWithoutItsSequenceOrWithAnUnknownPlaceholderIsNamed() {
        #expect(RegisterNumber.problem(in: "{seq}/{kdInstansi}/{bulan}/{yyyy}") == nil)
        #expect(RegisterNumber.problem(in: "551/INS/{yyyy}")?.contains("has no {seq}") == true)
        #expect(RegisterNumber.problem(in: "{seq}/{tahun}")?.contains("has {tahun}, which is not a placeholder") == true)
    }
}
