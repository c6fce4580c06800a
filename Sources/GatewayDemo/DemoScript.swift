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
    /// What the path through the SOP makes the national systems receive, by the agency's authority: a Dinas
    /// teknis tells OSS 45, 93 or 12 in one call; a DPMPTSP issues a permit in two (the number, 49, then 50).
    public let sends: [OSSAuthority: [PlannedDelivery]]
    /// The SIINas request the case's BAP goes to (SOP 002), from the scenario.
    public var siinasRequest: String? = nil
    public let story: String

    /// What the national systems must have received because of this case.
    public func deliveries(as authority: OSSAuthority) -> [Delivery] {
        (sends[authority] ?? []).map { $0.resolved(reference: reference, siinasRequest: siinasRequest) }
    }
}

/// What a case sends as a technical agency and as a licensing authority: both the same but for OSS.
func sent(_ common: [PlannedDelivery], technical: [PlannedDelivery], licensing: [PlannedDelivery]) -> [OSSAuthority: [PlannedDelivery]] {
    [.technical: common + technical, .licensing: common + licensing]
}

/// An effective permit: as a DPMPTSP its number (49), then the permit (50); a Dinas teknis tells OSS 45.
let effective = (technical: [PlannedDelivery.ossStatus("45")], licensing: [PlannedDelivery.ossPermit("49"), .ossPermit("50")])

public enum DemoScript {
    /// What the Operator records with the BAP at SOP 002 step 17.
    static func bap(_ hasil: String) -> [Int: [String: String]] {
        [17: ["nomor_bap": "BAP/\(hasil == "siap" ? "01" : "02")/XII/2026", "hasil": hasil]]
    }

    /// Seventeen cases over the five SOPs, taking every kind of branch at least once.
    public static let cases: [DemoCase] = round(0)

    /// The seventeen cases again in fresh scenario copies, as many rounds as a run needs (the chaos run's hundreds).
    public static func cases(rounds: Int) -> [DemoCase] {
        (0..<max(1, rounds)).flatMap(round)
    }

    /// Round `number` of the seventeen cases: round 0 is the demo's, each later one uses copies no earlier round used.
    static func round(_ number: Int) -> [DemoCase] {
        func copies(_ scenario: String, sop: String, reference: String, siinasRequest: String? = nil,
                    _ variants: [(CasePlan, Outcome, [OSSAuthority: [PlannedDelivery]], String)]) -> [DemoCase] {
            variants.enumerated().map { index, variant in
                let copy = number * variants.count + index + 1
                return DemoCase(scenario: scenario, copy: copy, reference: ScenarioCopies.variant(reference, number: copy), sop: sop,
                                plan: variant.0, outcome: variant.1, sends: variant.2,
                                siinasRequest: siinasRequest.map { ScenarioCopies.variant($0, number: copy) }, story: variant.3)
            }
        }
        // Izin Perluasan: the BAP upload and its copy to DPMPTSP (step 17). SIINas then tells OSS (steps 18-19);
        // a licensing authority issues the effective permit itself (49, 50) or reports it not effective (52).
        let siap: [PlannedDelivery] = [.bap(number: "BAP/01/XII/2026"), .letter(step: 17)]
        let belumSiap: [PlannedDelivery] = [.bap(number: "BAP/02/XII/2026"), .letter(step: 17)]
        let perluasan = copies("izin-perluasan", sop: "izin-perluasan", reference: "I-20261217090000000000101", siinasRequest: "VT-2026-000101", [
            (CasePlan(answers: [9: [.no]], attributes: bap("siap"), documents: [17]), .approved,
             sent(siap, technical: [], licensing: effective.licensing), "no field check, BAP siap: effective"),
            (CasePlan(answers: [9: [.yes], 13: [.no, .yes]], attributes: bap("siap"), documents: [17]), .approved,
             sent(siap, technical: [], licensing: effective.licensing), "field check (15 working days), Kabid sends the BAP back once: effective"),
            (CasePlan(answers: [9: [.no]], attributes: bap("belum_siap"), documents: [17]), .notEffective,
             sent(belumSiap, technical: [], licensing: [.ossStatus("52")]), "BAP belum siap: the permit stays not effective"),
        ])
        // Verifikasi teknis: step 8 tells OSS the letter's outcome: 45 or 93, or as a DPMPTSP 49 and 50, or 90; a file
        // step 5 returns goes back to its applicant through SIINas, where they complete it; a file left too long is
        // approved by OSS by law (57) and ends so, with nothing sent after it; one the applicant withdraws is closed
        // by the Kadis, and SIINas hears it (penutupan).
        let teknis = copies("verifikasi-teknis-izin-usaha-industri", sop: "verifikasi-teknis-izin-usaha-industri",
                            reference: "I-20261217091500000000201", siinasRequest: "VT-2026-000201", [
            (CasePlan(documents: [8]), .approved, sent([], technical: effective.technical, licensing: effective.licensing), "approved"),
            (CasePlan(documents: [8], returnIncompleteOnce: [5]), .approved,
             sent([.returnedThroughSIINas], technical: effective.technical, licensing: effective.licensing),
             "returned to the applicant through SIINas, completed there, then approved"),
            (CasePlan(ossApprovesByLawAt: 2), .approvedByOSS, sent([], technical: [], licensing: []),
             "the Sekretariat lets the statutory time run out: OSS approves by law (57), and nothing more is sent"),
            (CasePlan(answers: [5: [.no]], documents: [8]), .rejected, sent([], technical: [.ossStatus("93")], licensing: [.ossStatus("90")]),
             "the evaluation refuses: a rejection letter"),
            (CasePlan(answers: [6: [.no, .yes]], documents: [8]), .approved, sent([], technical: effective.technical, licensing: effective.licensing),
             "the Kabid sends the draft back once"),
            (CasePlan(withdrawnAt: 4), .withdrawn, sent([.closedThroughSIINas], technical: [], licensing: []),
             "withdrawn by the applicant: the Kadis closes it at step 4, and SIINas closes the request"),
        ])
        // Rekomendasi: the letter to DPMPTSP (step 8), then the permit's status: 45, or as a DPMPTSP 49 and 50.
        let rekomendasi = copies("rekomendasi-izin-usaha-industri", sop: "rekomendasi-izin-usaha-industri",
                                 reference: "I-20261217093000000000301", [
            (CasePlan(documents: [8]), .approved, sent([.letter(step: 8)], technical: effective.technical, licensing: effective.licensing), "recommended"),
            (CasePlan(answers: [2: [.no, .yes], 7: [.no, .yes]], documents: [8]), .approved,
             sent([.letter(step: 8)], technical: effective.technical, licensing: effective.licensing),
             "files back to the Kabid once, the Kadis returns the draft once"),
        ])
        // Izin Insidentil: diproses, the permit number, ready for pickup; a returned registration adds "dikembalikan";
        // one the applicant withdraws is closed by the Kadis after it was diproses, and SIPRO hears "dibatalkan".
        var insidentil: [DemoCase] = []
        for copy in number * 2 + 1...number * 2 + 2 {
            let withdrawn = copy == number * 2 + 2
            insidentil.append(DemoCase(scenario: "izin-insidentil", copy: copy, reference: ScenarioCopies.variant("SIPRO/INS/2026/0001", number: copy),
                                       sop: "izin-insidentil", plan: CasePlan(withdrawnAt: withdrawn ? 5 : nil),
                                       outcome: withdrawn ? .withdrawn : .approved,
                                       sends: sent(withdrawn ? [.siproStatus("diproses"), .siproStatus("dibatalkan")]
                                                             : [.siproStatus("diproses"), .permitNumber, .readyForPickup],
                                                   technical: [], licensing: []),
                                       story: withdrawn ? "withdrawn by the applicant: the Kadis closes it at step 5" : "complete at once"))
            insidentil.append(DemoCase(scenario: "izin-insidentil", copy: copy, reference: ScenarioCopies.variant("SIPRO/INS/2026/0002", number: copy),
                                       sop: "izin-insidentil", plan: CasePlan(answers: [2: [.no, .yes]]), outcome: .approved,
                                       sends: sent([.siproStatus("dikembalikan"), .siproStatus("diproses"), .permitNumber, .readyForPickup],
                                                    technical: [], licensing: []),
                                       story: "returned to the applicant, completed, then approved"))
        }
        // Verifikasi NIB: the permit's status once the Kadis signed (step 7), before the applicant uploads it: 45, or as a DPMPTSP 49 and 50;
        // the Kadis's signed recommendation (step 7) goes with it when attached.
        let nib = copies("verifikasi-nib", sop: "verifikasi-nib", reference: "I-20261217094500000000401", [
            (CasePlan(documents: [7]), .approved, sent([], technical: effective.technical, licensing: effective.licensing),
             "verified, the signed recommendation kept at step 7"),
            (CasePlan(), .approved, sent([], technical: effective.technical, licensing: effective.licensing), "verified"),
        ])
        return perluasan + teknis + rekomendasi + insidentil + nib
    }

    /// The scenario copies to load for the demo's cases, in order: (scenario, copy).
    public static var loads: [(scenario: String, copy: Int)] { loads(for: cases) }

    /// The scenario copies that bring these cases, each once, in order.
    public static func loads(for cases: [DemoCase]) -> [(scenario: String, copy: Int)] {
        var seen: Set<String> = []
        var loads: [(String, Int)] = []
        for demoCase in cases where seen.insert("\(demoCase.scenario)#\(demoCase.copy)").inserted {
            loads.append((demoCase.scenario, demoCase.copy))
        }
        return loads
    }
}
