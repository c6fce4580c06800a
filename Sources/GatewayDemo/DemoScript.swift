import Foundation
import GatewayCore

/// The demo's cases: which scenario copy brings each, how its officers
/// decide, and what must come of it. This is the oracle the run is checked
/// against, written from the SOPs, not from what the gateway does.
public struct DemoCase: Sendable {
    public let scenario: String
    public let copy: Int
    /// What the case is opened for: an id_izin, or a SIPRO registration number.
    public let reference: String
    public let sop: String
    public let plan: CasePlan
    public let outcome: Outcome
    /// The outbound messages the path through the SOP causes.
    public let outbound: Int
    public let story: String
}

public enum DemoScript {
    /// What the Operator records with the BAP at SOP 002 step 17.
    static func bap(_ hasil: String) -> [Int: [String: String]] {
        [17: ["nomor_bap": "BAP/\(hasil == "siap" ? "01" : "02")/XII/2026", "hasil": hasil]]
    }

    /// Fourteen cases over the five SOPs, taking every kind of branch at least once.
    public static let cases: [DemoCase] = {
        func copies(_ scenario: String, sop: String, reference: String, _ variants: [(CasePlan, Outcome, Int, String)]) -> [DemoCase] {
            variants.enumerated().map { index, variant in
                DemoCase(scenario: scenario, copy: index + 1, reference: ScenarioCopies.variant(reference, number: index + 1), sop: sop,
                         plan: variant.0, outcome: variant.1, outbound: variant.2, story: variant.3)
            }
        }
        // Izin Perluasan: BAP upload, its copy to DPMPTSP, the status push (50 effective, 93 not).
        let perluasan = copies("izin-perluasan", sop: "izin-perluasan", reference: "I-20261217090000000000101", [
            (CasePlan(answers: [9: [.no]], attributes: bap("siap"), documents: [17]), .approved, 3, "no field check, BAP siap: effective"),
            (CasePlan(answers: [9: [.yes], 13: [.no, .yes]], attributes: bap("siap"), documents: [17]), .approved, 3,
             "field check (15 working days), Kabid sends the BAP back once: effective"),
            (CasePlan(answers: [9: [.no]], attributes: bap("belum_siap"), documents: [17]), .notEffective, 3,
             "BAP belum siap: the permit stays not effective"),
        ])
        // Verifikasi teknis: the letter's status to OSS (45 or 93), then the permit's (50 or 93).
        let teknis = copies("verifikasi-teknis-izin-usaha-industri", sop: "verifikasi-teknis-izin-usaha-industri",
                            reference: "I-20261217091500000000201", [
            (CasePlan(), .approved, 2, "approved"),
            (CasePlan(answers: [5: [.no]]), .rejected, 2, "the evaluation refuses: a rejection letter"),
            (CasePlan(answers: [6: [.no, .yes]]), .approved, 2, "the Kabid sends the draft back once"),
        ])
        // Rekomendasi: the letter to DPMPTSP, the status push.
        let rekomendasi = copies("rekomendasi-izin-usaha-industri", sop: "rekomendasi-izin-usaha-industri",
                                 reference: "I-20261217093000000000301", [
            (CasePlan(), .approved, 2, "recommended"),
            (CasePlan(answers: [2: [.no, .yes], 7: [.no, .yes]]), .approved, 2, "files back to the Kabid once, the Kadis returns the draft once"),
        ])
        // Izin Insidentil: diproses, the permit number, ready for pickup; a returned registration adds "dikembalikan".
        var insidentil: [DemoCase] = []
        for copy in 1...2 {
            insidentil.append(DemoCase(scenario: "izin-insidentil", copy: copy, reference: ScenarioCopies.variant("SIPRO/INS/2026/0001", number: copy),
                                       sop: "izin-insidentil", plan: CasePlan(), outcome: .approved, outbound: 3, story: "complete at once"))
            insidentil.append(DemoCase(scenario: "izin-insidentil", copy: copy, reference: ScenarioCopies.variant("SIPRO/INS/2026/0002", number: copy),
                                       sop: "izin-insidentil", plan: CasePlan(answers: [2: [.no, .yes]]), outcome: .approved, outbound: 4,
                                       story: "returned to the applicant, completed, then approved"))
        }
        // Verifikasi NIB: the status push once the recommendation is uploaded to OSS.
        let nib = copies("verifikasi-nib", sop: "verifikasi-nib", reference: "I-20261217094500000000401", [
            (CasePlan(), .approved, 1, "verified"),
            (CasePlan(), .approved, 1, "verified"),
        ])
        return perluasan + teknis + rekomendasi + insidentil + nib
    }()

    /// The scenario copies to load, in order: (scenario, copy).
    public static var loads: [(scenario: String, copy: Int)] {
        var seen: [String] = []
        var loads: [(String, Int)] = []
        for demoCase in cases where !seen.contains("\(demoCase.scenario)#\(demoCase.copy)") {
            seen.append("\(demoCase.scenario)#\(demoCase.copy)")
            loads.append((demoCase.scenario, demoCase.copy))
        }
        return loads
    }
}
