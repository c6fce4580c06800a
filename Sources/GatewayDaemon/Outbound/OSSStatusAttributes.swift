import Foundation
import GatewayCore
import NationalSystems

/// What a step may add to the status it tells OSS, as its decision's attributes (PIA receiveLicenseStatus):
/// `persetujuan_form` ("ya" or "tidak": whether the business's form is approved) and a PNBP bill,
/// `pnbp.kd_akun`, `pnbp.kd_penerimaan`, `pnbp.kd_billing`, `pnbp.tgl_billing`, `pnbp.tgl_expire`
/// (YYYY-MM-DD), `pnbp.nominal` (rupiah) and `pnbp.url_dokumen` (the SPS), all seven or none.
enum OSSStatusAttributes {
    static let pnbpFields = ["kd_akun", "kd_penerimaan", "kd_billing", "tgl_billing", "tgl_expire", "nominal", "url_dokumen"]

    static func persetujuanForm(_ attributes: [String: String]) -> Bool? {
        switch attributes["persetujuan_form"]?.lowercased() {
        case "ya", "true": true
        case "tidak", "false": false
        default: nil
        }
    }

    static func pnbp(_ attributes: [String: String]) -> IzinStatus.PNBP? {
        guard problems(attributes).isEmpty, let nominal = attributes["pnbp.nominal"].flatMap(Double.init) else { return nil }
        let value = { (name: String) in attributes["pnbp." + name] ?? "" }
        return IzinStatus.PNBP(kdAkun: value("kd_akun"), kdPenerimaan: value("kd_penerimaan"), kdBilling: value("kd_billing"),
                               tglBilling: value("tgl_billing"), tglExpire: value("tgl_expire"), nominal: nominal,
                               urlDokumen: value("url_dokumen"))
    }

    /// What is wrong with the attributes, named for the officer; empty when they can be sent.
    static func problems(_ attributes: [String: String]) -> [String] {
        var problems: [String] = []
        if let given = attributes["persetujuan_form"], persetujuanForm(["persetujuan_form": given]) == nil {
            problems.append("attributes.persetujuan_form (ya or tidak, not '\(given)')")
        }
        guard attributes.keys.contains(where: { $0.hasPrefix("pnbp.") }) else { return problems }
        for name in pnbpFields where (attributes["pnbp." + name] ?? "").isEmpty {
            problems.append("attributes.pnbp.\(name) (a PNBP bill needs all of \(pnbpFields.joined(separator: ", ")))")
        }
        if let nominal = attributes["pnbp.nominal"], !nominal.isEmpty, Double(nominal) == nil {
            problems.append("attributes.pnbp.nominal (an amount in rupiah, not '\(nominal)')")
        }
        for name in ["tgl_billing", "tgl_expire"] {
            if let date = attributes["pnbp." + name], !date.isEmpty, LocalDate(iso: date) == nil {
                problems.append("attributes.pnbp.\(name) (a date as YYYY-MM-DD, not '\(date)')")
            }
        }
        return problems
    }
}
