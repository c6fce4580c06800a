import Foundation
import GatewayCore

/// A two-step SOP for store tests: the Kabid checks (60 menit), the Kadis decides.
enum StoreFixtures {
    static let calendar: WorkCalendar = {
        let day = [WorkInterval(text: "08:00-16:00")!]
        return try! WorkCalendar(timeZone: TimeZone(identifier: "Asia/Jakarta")!,
                                 week: [.monday: day, .tuesday: day, .wednesday: day, .thursday: day, .friday: day],
                                 holidays: [])
    }()

    static let definition = ProcessDefinition(
        id: "contoh", title: "Contoh", source: "contoh.txt",
        roles: [Role(id: "kabid", title: "Kabid", kind: .officer), Role(id: "kadis", title: "Kadis", kind: .officer)],
        steps: [
            Step(number: 1, activity: "Memeriksa", role: "kabid", duration: StepDuration(value: 60, unit: .minutes)),
            Step(number: 2, activity: "Menandatangani", role: "kadis",
                 decision: Decision(question: "Setuju?", yes: Branch(.end(.approved)), no: Branch(.step(1)))),
        ])

    static let engine = WorkflowEngine(definition: definition, calendar: calendar)

    /// Monday 14 December 2026, 09:00 in Jakarta.
    static let monday = calendar.instant(LocalDate(year: 2026, month: 12, day: 14)!, seconds: 9 * 3600)

    static let kabid = Officer(id: "siti", roles: ["kabid"])
    static let kadis = Officer(id: "budi", roles: ["kadis"])
}
