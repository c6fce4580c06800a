import Foundation
import GatewayCore

/// The decision form of the case at work, both ways: the fields a step asks for (its answer in the SOP's words, a
/// note, the attributes its messages need) and the ``OfficerDecision`` a posted form becomes. The form's names are
/// Indonesian, as the page's: `jawaban` (ya, tidak, kembalikan, selesai), `catatan`, `atribut.<name>`.
enum DeskForm {
    /// An attribute a step's message needs, as a form field.
    struct Field: Equatable {
        /// The attribute's name ("nomor_bap"); the form's field is "atribut.<name>".
        let name: String
        let label: String
        /// The values to choose from, or nil for text.
        let options: [String]?
        let required: Bool
    }

    /// A choice of the decision form: its value and its label as the SOP writes it.
    struct Choice: Equatable {
        let value: String
        let label: String
    }

    /// The choices a step offers: the SOP's yes and no ("Ya: lengkap", "Tidak: dikembalikan"), or done; and sending the
    /// file back to the applicant where the SOP allows it.
    static func choices(for step: Step) -> [Choice] {
        var choices: [Choice] = []
        if let decision = step.decision {
            choices.append(Choice(value: "ya", label: "Ya" + (decision.yes.reason.map { ": " + $0 } ?? "")))
            choices.append(Choice(value: "tidak", label: "Tidak" + (decision.no.reason.map { ": " + $0 } ?? "")))
        } else {
            choices.append(Choice(value: "selesai", label: "Selesai: " + (step.output.map { "\($0) diserahkan" } ?? "langkah dikerjakan")))
        }
        if step.returnsIncompleteTo != nil {
            choices.append(Choice(value: "kembalikan", label: "Kembalikan ke pemohon: berkas belum lengkap"))
        }
        return choices
    }

    /// Whether the choice sends the file back to the applicant, where the SOP requires a note saying what to complete.
    static func returnsToApplicant(_ choice: String, at step: Step) -> Bool {
        choice == "kembalikan" || (choice == "tidak" && { if case .returnToApplicant = step.decision?.no.target { true } else { false } }())
    }

    /// The attributes the step's messages need (routing.json outbound): the BAP's number and result for SIINas
    /// (SOP 002 step 17), what OSS may get with a status (persetujuan_form, a PNBP bill: all seven or none).
    static func fields(for step: Step, rules: RoutingRules) -> [Field] {
        var fields: [Field] = []
        for operation in step.sends.compactMap({ rules.outbound[$0]?.operation }) {
            switch operation {
            case .siinasUploadBAP:
                fields += [Field(name: "nomor_bap", label: "Nomor BAP", options: nil, required: true),
                           Field(name: "hasil", label: "Hasil verifikasi (siap: komitmen terpenuhi)", options: ["siap", "belum_siap"], required: true)]
            case .ossStatus:
                fields.append(Field(name: "persetujuan_form", label: "Persetujuan formulir (opsional)", options: ["", "ya", "tidak"], required: false))
                fields += OSSStatusAttributes.pnbpFields.map { Field(name: "pnbp.\($0)", label: "PNBP \($0) (opsional, isi ketujuhnya)", options: nil, required: false) }
            default:
                break
            }
        }
        return fields
    }

    /// What is wrong with a posted form, said for the officer (the page shows it above the form, 422).
    struct Problem: Error, Equatable {
        let message: String
    }

    /// The decision a posted form makes on `step`.
    static func decision(_ form: [String: String], step: Step) throws(Problem) -> OfficerDecision {
        let offered = choices(for: step).map(\.value)
        guard let choice = form["jawaban"], offered.contains(choice) else {
            throw Problem(message: "Pilih keputusan: " + choices(for: step).map(\.label).joined(separator: " atau "))
        }
        let note = form["catatan"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        if returnsToApplicant(choice, at: step), note == nil {
            throw Problem(message: "Catatan wajib diisi: pemohon perlu tahu apa yang harus dilengkapi.")
        }
        var attributes: [String: String] = [:]
        for (name, value) in form where name.hasPrefix("atribut.") {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { attributes[String(name.dropFirst("atribut.".count))] = trimmed }
        }
        return OfficerDecision(step: step.number, answer: choice == "ya" ? .yes : choice == "tidak" ? .no : nil, note: note,
                               attributes: attributes.isEmpty ? nil : attributes, returnIncomplete: choice == "kembalikan" ? true : nil)
    }
}
