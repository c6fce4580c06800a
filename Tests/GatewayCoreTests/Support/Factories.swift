import Foundation
@testable import GatewayCore

/// Small model values for tests, with defaults so each test names only what it is about.

/// An instant written as Jakarta wall-clock time: "2026-12-21 09:00".
func jakarta(_ text: String) -> Date {
    let parts = text.split(separator: " ")
    let date = LocalDate(iso: String(parts[0]))!
    let clock = parts[1].split(separator: ":").map { Int($0)! }
    return Date(timeIntervalSince1970: TimeInterval(date.dayNumber * 86_400 + clock[0] * 3600 + clock[1] * 60 - 7 * 3600))
}

extension WorkCalendar {
    /// Monday to Thursday 07:30-12:00 and 13:00-16:00; Friday 07:30-11:30 and 13:00-16:30 (the shipped office hours).
    static func make(holidays: [Holiday] = []) -> WorkCalendar {
        let weekday = [WorkInterval(text: "07:30-12:00")!, WorkInterval(text: "13:00-16:00")!]
        let friday = [WorkInterval(text: "07:30-11:30")!, WorkInterval(text: "13:00-16:30")!]
        return try! WorkCalendar(
            timeZone: TimeZone(identifier: "Asia/Jakarta")!,
            week: [.monday: weekday, .tuesday: weekday, .wednesday: weekday, .thursday: weekday, .friday: friday],
            holidays: holidays)
    }
}

extension Holiday {
    static func make(_ date: String, name: String = "Hari libur", kind: Kind = .national) -> Holiday {
        Holiday(date: LocalDate(iso: date)!, name: name, kind: kind)
    }
}

extension Role {
    static let pemohon = Role(id: "pemohon", title: "Pemohon", kind: .applicant)
    static let oss = Role(id: "oss", title: "OSS", kind: .system, system: "OSS")
    static let kabid = Role(id: "kabid", title: "Kepala Bidang", kind: .officer)
    static let kadis = Role(id: "kadis", title: "Kepala Dinas", kind: .officer)
    static let timTeknis = Role(id: "tim-teknis", title: "Tim Teknis", kind: .officer)
}

extension Step {
    static func make(
        _ number: Int, role: String = "kabid", time: String? = nil, awaits: String? = nil, sends: [String] = [],
        decision: Decision? = nil, returnsIncompleteTo: Int? = nil, observable: Bool = true
    ) -> Step {
        Step(number: number, activity: "Langkah \(number)", role: role, duration: time.map { try! StepDuration(parsing: $0) },
             awaits: awaits, sends: sends, decision: decision, returnsIncompleteTo: returnsIncompleteTo, observable: observable)
    }
}

extension Decision {
    /// "Sesuai?": yes goes on to `yes`, no goes back to `no`.
    static func make(yes: BranchTarget, no: BranchTarget, noOutcome: Outcome? = nil) -> Decision {
        Decision(question: "Sesuai?", yes: Branch(yes), no: Branch(no, outcome: noOutcome, reason: "dikembalikan"))
    }
}

extension ProcessDefinition {
    static func make(
        id: String = "contoh", steps: [Step], roles: [Role] = [.pemohon, .oss, .kabid, .kadis, .timTeknis], statedTotal: String? = nil
    ) -> ProcessDefinition {
        ProcessDefinition(id: id, title: "Contoh", source: "contoh.txt", statedTotal: statedTotal, roles: roles, steps: steps)
    }
}

extension Officer {
    static func make(_ role: String, id: String? = nil) -> Officer {
        Officer(id: id ?? "petugas-\(role)", roles: [role])
    }
}
