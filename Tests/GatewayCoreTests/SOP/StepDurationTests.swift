import Testing
@testable import GatewayCore

@Suite struct StepDurationTests {
    @Test(arguments: [
        ("60 menit", 60, StepDuration.Unit.minutes),
        ("10 Menit", 10, .minutes),
        ("1 jam", 1, .hours),
        ("2 hari", 2, .workingDays),
        ("6 Hari", 6, .workingDays),
    ])
    func seedWordingParses(text: String, value: Int, unit: StepDuration.Unit) throws {
        let duration = try StepDuration(parsing: text)
        #expect(duration.value == value)
        #expect(duration.unit == unit)
        #expect(duration.text == text)
    }

    @Test(arguments: ["", "menit", "60", "60 detik", "-5 menit", "1,5 jam", "1 jam 30 menit", ". 1 Hari"])
    func otherWordingIsRefused(text: String) {
        #expect(throws: DurationParseError.self) { try StepDuration(parsing: text) }
    }

    @Test func hoursAreSixtyWorkingMinutesAndDaysHaveNoFixedLength() throws {
        #expect(try StepDuration(parsing: "2 jam").workingMinutes == 120)
        #expect(try StepDuration(parsing: "2 hari").workingMinutes == nil)
    }

    @Test func aTotalAddsHoursAndMinutes() throws {
        #expect(try StepDuration.totalMinutes(parsing: "19 Jam 40 Menit") == 19 * 60 + 40)
    }

    @Test func aTotalInDaysIsRefused() {
        #expect(throws: DurationParseError.self) { try StepDuration.totalMinutes(parsing: "3 hari") }
    }

    @Test func theErrorQuotesTheTextAndSaysWhatToWrite() {
        #expect(throws: DurationParseError.self) { try StepDuration(parsing: "3 minggu") }
        do {
            _ = try StepDuration(parsing: "3 minggu")
        } catch {
            #expect(error.description.contains("'3 minggu'"))
            #expect(error.description.contains("menit"))
        }
    }
}
