import Foundation
import GatewayCore
import NationalSystems

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
    /// The outbound messages the path through the SOP causes, by the agency's authority: a Dinas teknis
    /// tells OSS 45, 93 or 12 in one call; a DPMPTSP issues a permit in two (the number, 49, then 50).
    public let outbound: [OSSAuthority: Int]
    public let story: String
}

/// Outbound messages a case causes as a technical agency and as a licensing authority.
func sent(_ technical: Int, _ licensing: Int) -> [OSSAuthority: Int] {
    [.technical: technical, .licensing: licensing]
}

public enum DemoScript {
    /// What the Operator records with the BAP at SOP 002 step 17.
    static func bap(_ hasil: String) -> [Int: [String: String]] {
        [17: ["nomor_bap": "BAP/\(hasil == "siap" ? "01" : "02")/XII/2026", "hasil": hasil]]
    }

    /// Fourteen cases over the five SOPs, taking every kind of branch at least once.
    public static let cases: [DemoCase] = {
        func copies(_ scenario: String, sop: String, reference: String, _ variants: [(CasePlan, Outcome, [OSSAuthority: Int], String)]) -> [DemoCase] {
            variants.enumerated().map { index, variant in
                DemoCase(scenario: scenario, copy: index + 1, reference: ScenarioCopies.variant(reference, number: index + 1), sop: sop,
                         plan: variant.0, outcome: variant.1, outbound: variant.2, story: variant.3)
            }
        }
        // Izin Perluasan: the BAP upload and its copy to DPMPTSP (step 17). SIINas then tells OSS (steps 18-19);
        // a licensing authority issues the effective permit itself (49, 50) or reports it not effective (52).
        let perluasan = copies("izin-perluasan", sop: "izin-perluasan", reference: "I-20261217090000000000101", [
            (CasePlan(answers: [9: [.no]], attributes: bap("siap"), documents: [17]), .approved, sent(2, 4), "no field check, BAP siap: effective"),
            (CasePlan(answers: [9: [.yes], 13: [.no, .yes]], attributes: bap("siap"), documents: [17]), .approved, sent(2, 4),
             "field check (15 working days), Kabid sends the BAP back once: effective"),
            (CasePlan(answers: [9: [.no]], attributes: bap("belum_siap"), documents: [17]), .notEffective, sent(2, 3),
             "BAP belum siap: the permit stays not effective"),
        ])
        // Verifikasi teknis: step 8 tells OSS the letter's outcome: 45 or 93, or as a DPMPTSP 49 and 50, or 90.
        let teknis = copies("verifikasi-teknis-izin-usaha-industri", sop: "verifikasi-teknis-izin-usaha-industri",
                            reference: "I-20261217091500000000201", [
            (CasePlan(documents: [8]), .approved, sent(1, 2), "approved"),
            (CasePlan(answers: [5: [.no]], documents: [8]), .rejected, sent(1, 1), "the evaluation refuses: a rejection letter"),
            (CasePlan(answers: [6: [.no, .yes]], documents: [8]), .approved, sent(1, 2), "the Kabid sends the draft back once"),
        ])
        // Rekomendasi: the letter to DPMPTSP (step 8), then the permit's status: 45, or as a DPMPTSP 49 and 50.
        let rekomendasi = copies("rekomendasi-izin-usaha-industri", sop: "rekomendasi-izin-usaha-industri",
                                 reference: "I-20261217093000000000301", [
            (CasePlan(documents: [8]), .approved, sent(2, 3), "recommended"),
            (CasePlan(answers: [2: [.no, .yes], 7: [.no, .yes]], documents: [8]), .approved, sent(2, 3),
             "files back to the Kabid once, the Kadis returns the draft once"),
        ])
        // Izin Insidentil: diproses, the permit number, ready for pickup; a returned registration adds "dikembalikan".
        var insidentil: [DemoCase] = []
        for copy in 1...2 {
            insidentil.append(DemoCase(scenario: "izin-insidentil", copy: copy, reference: ScenarioCopies.variant("SIPRO/INS/2026/0001", number: copy),
                                       sop: "izin-insidentil", plan: CasePlan(), outcome: .approved, outbound: sent(3, 3), story: "complete at once"))
            insidentil.append(DemoCase(scenario: "izin-insidentil", copy: copy, reference: ScenarioCopies.variant("SIPRO/INS/2026/0002", number: copy),
                                       sop: "izin-insidentil", plan: CasePlan(answers: [2: [.no, .yes]]), outcome: .approved, outbound: sent(4, 4),
                                       story: "returned to the applicant, completed, then approved"))
        }
        // Verifikasi NIB: the permit's status once the recommendation is in OSS: 45, or as a DPMPTSP 49 and 50;
        // the Kadis's signed recommendation (step 7) goes with it when attached.
        let nib = copies("verifikasi-nib", sop: "verifikasi-nib", reference: "I-20261217094500000000401", [
            (CasePlan(documents: [7]), .approved, sent(1, 2), "verified, the signed recommendation kept at step 7"),
            (CasePlan(), .approved, sent(1, 2), "verified"),
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
