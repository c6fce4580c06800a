import Foundation
import GatewayCore
import GatewayDaemon
import GatewayStore
import MockNationalSystems
import NationalSystems

/// How a demo run ended, checked against the script and the mocks' journals
/// (what the national systems saw, independent of what the gateway believes).
public struct DemoSummary: Codable, Sendable {
    public struct SOPCount: Codable, Sendable, Equatable {
        public var started = 0
        public var completed = 0
        public var approved = 0
        public var rejected = 0
        public var notEffective = 0
        /// Approved by OSS by law (57) while the agency had not decided.
        public var approvedByOSS = 0
        /// Closed by the agency before its SOP ended (the applicant withdrew).
        public var withdrawn = 0
    }

    /// What the national systems received, judged by the oracle against the script (never the gateway's outbox).
    public struct Deliveries: Codable, Sendable, Equatable {
        /// Messages the planned cases' paths through their SOPs imply.
        public let expected: Int
        /// Of those, how many a national system applied exactly once, found by what they say.
        public let delivered: Int
        /// Applications beyond the first of one message.
        public let duplicates: Int
        public let lost: Int
        /// Messages a system applied that no planned case implies.
        public let unexpected: Int
        /// Messages a system refused (4xx, not an injected fault).
        public let refused: Int
        /// Per system: expected, arrived once, more than once, missing, unexpected, refused.
        public let targets: [String: DeliveryOracle.TargetReport]
        /// Examples of each difference (empty when the run is perfect).
        public let differences: [String]
        /// The gateway's own view, for the operator: messages it gave up on, and those that needed retries.
        public let deadLettered: Int
        public let retried: Int
        /// Resends the gateway did not make: the receiver, asked first, showed the message already there.
        public let foundAlreadyApplied: Int
    }

    public struct Inbound: Codable, Sendable, Equatable {
        public let accepted: Int
        /// Deliveries the gateway recognised as seen before.
        public let duplicates: Int
        public let rejected: Int
    }

    public struct ServiceLevels: Codable, Sendable, Equatable {
        public let breaches: Int
        public let escalations: Int
        public let commitmentWarnings: Int
        /// Statutory deadlines of commitments passed, each escalated to the head of the agency.
        public let statutoryBreaches: Int
    }

    public struct Check: Codable, Sendable, Equatable {
        public let name: String
        public let ok: Bool
        public let detail: String
    }

    public let ok: Bool
    /// technical or licensing: what the gateway ran as.
    public let authority: String
    public let cases: [String: SOPCount]
    /// SOP → status code → how many times OSS took it from the gateway, read from the OSS mock's journal.
    public let ossCodes: [String: [String: Int]]
    public let deliveries: Deliveries
    public let inbound: Inbound
    public let serviceLevels: ServiceLevels
    /// Requests each mock answered with an injected fault.
    public let faultsInjected: [String: Int]
    public let clockStart: String
    public let clockEnd: String
    public let workingHoursPerSecond: Double
    public let seconds: Double
    public let database: String
    public let syncLog: String
    public let checks: [Check]

    /// - Parameter plannedLate: the steps ("case/step") the script's timing made people finish after their standard.
    static func make(rig: Rig, finished: Bool, clockStart: Date, clockEnd: Date, workingHoursPerSecond: Double, faults: Bool,
                     seconds: Double, folder: String, authority: OSSAuthority, plannedLate: Set<String>) throws -> DemoSummary {
        let runtime = rig.gateway.runtime
        let (summaries, outbox, escalations, log, breaches, lateSteps) = try runtime.read { database in
            let summaries = try database.cases.list(limit: 100_000)
            let cases = try summaries.compactMap { try database.cases.load($0.id) }
            let breaches = cases.flatMap(\.history).filter { $0.event.kind == "deadlinePassed" }.count
            // Steps the case shows as late: a deadline passed, or a completion after it.
            let lateSteps = Set(cases.flatMap { found in
                found.history.compactMap { entry -> String? in
                    guard let step = entry.step else { return nil }
                    switch entry.event {
                    case .deadlinePassed, .completed(_, _, _, onTime: false): return "\(found.id)/\(step)"
                    default: return nil
                    }
                }
            })
            return (summaries, try database.outbox.list(limit: 100_000), try database.escalations.list(),
                    try database.syncLog.list(.init(limit: 1_000_000)), breaches, lateSteps)
        }

        var cases: [String: SOPCount] = [:]
        for summary in summaries {
            cases[summary.processID, default: SOPCount()].started += 1
            if summary.status == .ended { cases[summary.processID, default: SOPCount()].completed += 1 }
            if summary.outcome == .approved { cases[summary.processID, default: SOPCount()].approved += 1 }
            if summary.outcome == .rejected { cases[summary.processID, default: SOPCount()].rejected += 1 }
            if summary.outcome == .notEffective { cases[summary.processID, default: SOPCount()].notEffective += 1 }
            if summary.outcome == .approvedByOSS { cases[summary.processID, default: SOPCount()].approvedByOSS += 1 }
            if summary.outcome == .withdrawn { cases[summary.processID, default: SOPCount()].withdrawn += 1 }
        }

        let siinasCode = rig.mock("siinas").context.settings.siinasInstansiCode
        var faultsInjected: [String: Int] = [:]
        var journals: [String: [Journal.Entry]] = [:]
        for mock in rig.mocks {
            journals[mock.name] = mock.context.journal.entries(direction: .received)
            for entry in journals[mock.name] ?? [] {
                if let fault = entry.fault, !fault.isEmpty { faultsInjected[mock.name, default: 0] += 1 }
            }
        }
        // What OSS took from the gateway, by SOP and code, read by the oracle (SIINas's own reports are not the agency's).
        let oracle = DeliveryOracle(siinasInstansiCode: siinasCode)
        let arrived = oracle.arrivals(journals)
        let sopByIzin = Dictionary(DemoScript.cases.map { ($0.reference, $0.sop) }, uniquingKeysWith: { first, _ in first })
        var ossCodes: [String: [String: Int]] = [:]
        for (delivery, times) in arrived where delivery.target == "oss" {
            ossCodes[sopByIzin[delivery.subject] ?? "unknown", default: [:]][delivery.detail, default: 0] += times
        }
        let told = Set(arrived.keys.filter { $0.target == "oss" }.map(\.subject))  // the permits OSS heard of from the agency
        let attached = oracle.linksOSSTook(journals["oss"] ?? [])  // id_izin → the file_lampiran links OSS took
        let judged = oracle.judge(expected: DemoScript.cases.flatMap { $0.deliveries(as: authority) }, arrived: arrived,
                                  refused: oracle.refusals(journals))
        let deliveries = Deliveries(
            expected: judged.expected, delivered: judged.arrivedOnce, duplicates: judged.duplicates, lost: judged.missingCount,
            unexpected: judged.unexpectedCount, refused: judged.refusedCount, targets: judged.targets,
            differences: judged.missing.map { "missing: \($0)" } + judged.duplicated.map { "twice: \($0)" } + judged.unexpected.map { "unplanned: \($0)" }
                + judged.refused.map { "refused: \($0)" },
            deadLettered: outbox.filter { $0.state == .dead }.count, retried: outbox.filter { $0.attempts > 1 }.count,
            foundAlreadyApplied: log.filter { $0.direction == .outgoing && $0.error?.hasPrefix(SyncLogEntry.alreadyApplied) == true }.count)
        let fromSystems = log.filter { MockSystems.all.contains($0.system) && $0.direction == .incoming }
        let inbound = Inbound(
            accepted: fromSystems.filter { $0.outcome == "accepted" }.count,
            duplicates: log.filter { $0.outcome == "duplicate" }.count, rejected: log.filter { $0.outcome == "rejected" }.count)
        let stepEscalations = escalations.filter { $0.role != "statutory" }
        let levels = ServiceLevels(breaches: breaches, escalations: stepEscalations.count,
                                   commitmentWarnings: log.filter { $0.method == "komitmen.deadline" }.count,
                                   statutoryBreaches: escalations.count - stepEscalations.count)

        var checks: [Check] = []
        checks.append(Check(name: "the run finished within its time limit", ok: finished,
                            detail: finished ? "all cases ended, nothing left to send" : "stopped with cases or messages still open"))
        let byReference = Dictionary(grouping: summaries, by: { $0.reference ?? "" })
        let misopened = DemoScript.cases.filter { byReference[$0.reference]?.count != 1 }
        checks.append(Check(
            name: "each planned case was opened exactly once (duplicate deliveries opened none)",
            ok: misopened.isEmpty && summaries.count == DemoScript.cases.count,
            detail: misopened.isEmpty ? "\(summaries.count) cases for \(DemoScript.cases.count) planned"
                : misopened.map { "\($0.reference): \(byReference[$0.reference]?.count ?? 0) cases" }.joined(separator: "; ")))
        let wrongEnds = DemoScript.cases.compactMap { planned -> String? in
            let found = byReference[planned.reference]?.first
            return found?.outcome == planned.outcome ? nil
                : "\(found?.id ?? planned.reference): \(found?.outcome?.rawValue ?? "not ended"), planned \(planned.outcome.rawValue)"
        }
        checks.append(Check(name: "each case ended as planned", ok: wrongEnds.isEmpty,
                            detail: wrongEnds.isEmpty ? "\(DemoScript.cases.count) as planned" : wrongEnds.joined(separator: "; ")))
        checks.append(Check(
            name: "the national systems received exactly what the planned paths imply, each once (judged by content)",
            ok: judged.perfect && deliveries.expected > 0,
            detail: "\(deliveries.delivered) of \(deliveries.expected) arrived once, \(deliveries.duplicates) duplicates, \(deliveries.lost) missing, "
                + "\(deliveries.unexpected) unplanned, \(deliveries.refused) refused"
                + (deliveries.differences.isEmpty ? "" : ": " + deliveries.differences.prefix(8).joined(separator: "; "))))
        // A dead letter is a message the gateway gave up on: no plan has one, so any fails the run.
        checks.append(Check(name: "no message became a dead letter", ok: deliveries.deadLettered == 0,
                            detail: "\(deliveries.deadLettered) dead letters"))
        let outside = ossCodes.flatMap { sop, codes in
            codes.keys.filter { !authority.allowedCodes.contains(OSSStatusCode($0)) }.map { "\(sop) \($0)" }
        }
        checks.append(Check(
            name: "OSS got only codes the agency's authority may send", ok: outside.isEmpty,
            detail: outside.isEmpty ? "\(authority.rawValue): " + Self.codesText(ossCodes) : "outside \(authority.rawValue): " + outside.sorted().joined(separator: ", ")))
        // The papers officers attach (SOP 000 step 8's letter, the recommendation, the BAP) go to OSS with what the
        // agency tells it of the case, as links (file_lampiran; oss-rba.md §1.8): OSS must open, byte for byte,
        // the last paper the plan attached, for every planned case with papers that OSS heard of.
        let papers = DemoScript.cases.filter { !$0.plan.documents.isEmpty && told.contains($0.reference) }
        let unopened = papers.compactMap { planned -> String? in
            guard let found = byReference[planned.reference]?.first, let step = planned.plan.documents.max() else { return "\(planned.reference): no case" }
            let paper = OfficerDesk.paper(caseID: found.id, step: step).bytes
            let links = attached[planned.reference] ?? []
            let opened = links.contains { link in (try? rig.client.get(link)).map { Data($0.body) == paper } == true }
            return opened ? nil : "\(found.id): " + (links.isEmpty ? "no file_lampiran" : "its file_lampiran does not open step \(step)'s paper")
        }
        let letters = papers.filter { $0.sop == "verifikasi-teknis-izin-usaha-industri" }.count
        checks.append(Check(name: "OSS can open the papers officers attached (SOP 000 step 8's letters among them)",
                            ok: unopened.isEmpty && letters > 0,
                            detail: unopened.isEmpty ? "\(papers.count) papers (\(letters) letters of SOP 000) fetched through file_lampiran, byte for byte"
                                : unopened.joined(separator: "; ")))
        // The script's timing says which steps must show as late; the case history is where the gateway shows it.
        let unrecorded = plannedLate.subtracting(lateSteps).sorted()
        checks.append(Check(name: "every step the script made late was recorded late", ok: unrecorded.isEmpty,
                            detail: unrecorded.isEmpty ? "\(plannedLate.count) planned late, all recorded"
                                : "not recorded late: " + unrecorded.prefix(8).joined(separator: ", ")))
        checks.append(Check(name: "every missed time standard was recorded and escalated", ok: breaches == stepEscalations.count,
                            detail: "\(breaches) breaches, \(stepEscalations.count) escalations"))

        return DemoSummary(
            ok: checks.allSatisfy(\.ok), authority: authority.rawValue, cases: cases, ossCodes: ossCodes, deliveries: deliveries, inbound: inbound, serviceLevels: levels,
            faultsInjected: faults ? faultsInjected : [:], clockStart: JakartaTime.iso(clockStart), clockEnd: JakartaTime.iso(clockEnd),
            workingHoursPerSecond: workingHoursPerSecond, seconds: (seconds * 10).rounded() / 10,
            database: folder + "/gerbang.sqlite", syncLog: folder + "/sync-log.jsonl", checks: checks)
    }

    /// The summary as people read it.
    public var text: String {
        var lines = ["", "Summary (\(DemoRun.number(seconds)) s; demo clock \(clockStart.prefix(16)) → \(clockEnd.prefix(16)))", ""]
        lines.append("  SOP                                    started  completed  approved  rejected  not effective  by OSS (57)  withdrawn")
        for (sop, count) in cases.sorted(by: { $0.key < $1.key }) {
            lines.append("  " + sop.padding(toLength: 39, withPad: " ", startingAt: 0)
                         + [count.started, count.completed, count.approved, count.rejected].map { String($0).leftPadded(9) }.joined(separator: " ")
                         + String(count.notEffective).leftPadded(15) + String(count.approvedByOSS).leftPadded(13)
                         + String(count.withdrawn).leftPadded(11))
        }
        lines.append("")
        lines.append("  codes sent to OSS as a \(authority) agency: " + Self.codesText(ossCodes))
        lines.append("  outbound (by the systems' journals): \(deliveries.expected) planned, \(deliveries.delivered) arrived once, "
                     + "\(deliveries.duplicates) duplicates, \(deliveries.lost) missing, \(deliveries.unexpected) unplanned, \(deliveries.refused) refused; "
                     + "per system " + deliveries.targets.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.arrivedOnce)/\($0.value.expected)" }
                        .joined(separator: ", "))
        lines.append("  the gateway's side: \(deliveries.deadLettered) dead letters, \(deliveries.retried) messages needed retries, "
                     + "\(deliveries.foundAlreadyApplied) resends not made: asked first, the receiver already had the message")
        lines.append("  inbound: \(inbound.accepted) accepted, \(inbound.duplicates) duplicate deliveries recognised, \(inbound.rejected) rejected")
        lines.append("  time standards: \(serviceLevels.breaches) missed and escalated (\(serviceLevels.escalations) escalations), "
                     + "\(serviceLevels.commitmentWarnings) statutory-deadline warnings, \(serviceLevels.statutoryBreaches) statutory deadlines passed")
        if !faultsInjected.isEmpty {
            lines.append("  faults injected: " + faultsInjected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        lines.append("")
        for check in checks { lines.append("  \(check.ok ? "ok  " : "FAIL") \(check.name): \(check.detail)") }
        lines.append("")
        lines.append("  database \(database); sync log \(syncLog)")
        lines.append(ok ? "demo passed" : "demo FAILED")
        return lines.joined(separator: "\n")
    }
}

extension DemoSummary {
    /// "rekomendasi-izin-usaha-industri 45×2; verifikasi-teknis-izin-usaha-industri 45×2, 93×1"
    static func codesText(_ codes: [String: [String: Int]]) -> String {
        guard !codes.isEmpty else { return "none" }
        return codes.sorted { $0.key < $1.key }.map { sop, counts in
            sop + " " + counts.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", ")
        }.joined(separator: "; ")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
