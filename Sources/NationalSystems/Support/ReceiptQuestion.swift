import Foundation
import GatewayCore

/// How the gateway asks a receiver whether a message it may already have
/// sent arrived, before sending it again: none of the national systems is
/// trusted to recognise a repeat (OSS defines no idempotency, oss-rba.md §1.9,
/// and SIINas's, SIPRO's and DPMPTSP's keys are a courtesy of our own design),
/// so a message whose earlier attempt may have been applied is sent again only
/// when the receiver's own record does not show it.
///
/// OSS's statuses are asked with checkLicenseStatus (``OSSWire``); the others
/// with a read of the resource the message changes.
public struct ReceiptQuestion: Sendable {
    /// The path to GET, relative to the target's address.
    public let path: String
    /// What the message would show there once applied, in words for the sync log.
    public let shows: String
    /// Whether the answer's body shows the message applied.
    public let applied: @Sendable (JSONValue) -> Bool

    /// The question for a message sent as `POST path` with `body`, or nil when the target has none for it.
    /// `sentBefore`: how many messages the same as this one the gateway delivered earlier (a case returned twice
    /// tells SIPRO "dikembalikan" twice): this one arrived only if the receiver shows one more than those.
    public static func of(target: String, path: String, body: [UInt8], sentBefore: @autoclosure () -> Int = 0) -> ReceiptQuestion? {
        guard let sent = try? JSONValue.decode(body) else { return nil }
        let parts = path.split(separator: "/").map(String.init)
        switch target {
        case "siinas":
            // POST /api/v1/verifikasi-teknis/{id}/{bap|pengembalian|penutupan} → the request (docs/siinas-api.md).
            guard parts.count == 5, parts[3] != "" else { return nil }
            let request = "/" + parts.dropLast().joined(separator: "/")
            switch parts[4] {
            case "bap":
                guard let number = sent.field("nomor_bap")?.text else { return nil }
                return ReceiptQuestion(path: request, shows: "BAP \(number)") { shown in shown.field("bap")?.field("nomor_bap")?.text == number }
            case "pengembalian":
                // By the return's own reference: a request returned twice lists both.
                guard let reference = sent.field("referensi")?.text else { return nil }
                return ReceiptQuestion(path: request, shows: "return \(reference) in its pengembalian") { shown in
                    (shown.field("pengembalian")?.array ?? []).contains { $0.field("referensi")?.text == reference }
                }
            case "penutupan":
                guard let reference = sent.field("referensi")?.text else { return nil }
                return ReceiptQuestion(path: request, shows: "closure \(reference)") { shown in
                    shown.field("penutupan")?.field("referensi")?.text == reference
                }
            default:
                return nil
            }
        case "dpmptsp":
            // POST /api/v1/surat-masuk → the letter box's listing (docs/sipro-api.md).
            // By its number and, where it has one, the sender's own reference: the box is shared by every agency, and a
            // register number alone (a template without the agency's code, a register restored from a backup) may repeat.
            guard path == DPMPTSPWire.letterBox, let number = sent.field("nomor_surat")?.text else { return nil }
            let reference = sent.field("referensi")?.text
            return ReceiptQuestion(path: DPMPTSPWire.letterBox, shows: "letter \(number)" + (reference.map { " (\($0))" } ?? "")) { shown in
                (shown.field("surat")?.array ?? []).contains {
                    $0.field("nomor_surat")?.text == number && (reference == nil || $0.field("referensi")?.text == reference)
                }
            }
        case "sipro":
            // POST /api/v1/permohonan/{n}/{status|nomor-izin|siap-diambil} → the application (docs/sipro-api.md).
            guard parts.count == 5 else { return nil }
            let application = "/" + parts.dropLast().joined(separator: "/")
            switch parts[4] {
            case "status":
                // By its history, not its status now: the applicant may have moved it on since (SIPRO's
                // "Berkas dilengkapi pemohon" after a return), and a status told twice shows as two entries.
                guard let status = sent.field("status")?.text else { return nil }
                let catatan = sent.field("catatan")?.text, petugas = sent.field("petugas")?.text
                let before = sentBefore()  // read only for this question: no other needs it
                return ReceiptQuestion(path: application, shows: "status \(status) in its riwayat") { shown in
                    let entries = (shown.field("riwayat")?.array ?? []).filter {
                        $0.field("status")?.text == status && $0.field("catatan")?.text == catatan && $0.field("petugas")?.text == petugas
                    }
                    return entries.count > before
                }
            case "nomor-izin":
                guard let number = sent.field("nomor_izin")?.text else { return nil }
                return ReceiptQuestion(path: application, shows: "nomor_izin \(number)") { $0.field("nomor_izin")?.text == number }
            case "siap-diambil":
                // Once collected it was ready first: either shows the pickup arrived.
                return ReceiptQuestion(path: application, shows: "status siap_diambil") { shown in
                    ["siap_diambil", "diambil"].contains(shown.field("status")?.text ?? "")
                }
            default:
                return nil
            }
        default:
            return nil
        }
    }
}
