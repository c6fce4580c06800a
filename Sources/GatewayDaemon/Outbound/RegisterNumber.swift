import Foundation
import GatewayCore

/// A number from the agency's own register, as its template writes it (agency.letterNumber, agency.permitNumber):
/// a sequence that starts again each year, and the year, the month in Roman numerals and the agency's code around
/// it, the way Indonesian offices number their letters ("012/998/XII/2026", Permendagri 1/2023 on tata naskah dinas
/// leaves the format to each agency).
struct RegisterNumber: Sendable, Equatable {
    /// `{seq}`, `{yyyy}`, `{bulan}` and `{kdInstansi}` in any order, with any text between.
    let template: String

    /// The placeholders a template may use.
    static let placeholders = ["{seq}", "{yyyy}", "{bulan}", "{kdInstansi}"]

    /// What is wrong with a template, if anything: every number needs its sequence, and nothing unknown.
    static func problem(in template: String) -> String? {
        guard template.contains("{seq}") else { return "'\(template)' has no {seq}: the numbers would repeat" }
        var rest = template
        for placeholder in placeholders { rest = rest.replacingOccurrences(of: placeholder, with: "") }
        if let open = rest.firstIndex(of: "{") {
            let unknown = rest[open...].prefix { $0 != "}" } + "}"
            return "'\(template)' has \(unknown), which is not a placeholder: use \(placeholders.joined(separator: ", "))"
        }
        return nil
    }

    /// The number for the `sequence`th entry of the register of `day`'s year; `{seq}` is written with at least three digits.
    func format(sequence: Int, day: LocalDate, kdInstansi: String) -> String {
        let numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
        let seq = String(sequence)
        return template
            .replacingOccurrences(of: "{seq}", with: String(repeating: "0", count: max(0, 3 - seq.count)) + seq)
            .replacingOccurrences(of: "{yyyy}", with: String(day.year))
            .replacingOccurrences(of: "{bulan}", with: numerals[day.month - 1])
            .replacingOccurrences(of: "{kdInstansi}", with: kdInstansi)
    }
}
