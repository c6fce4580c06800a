import Foundation
import GatewayCore
import MockNationalSystems
import NationalSystems

/// Judges a run from the other side: what the planned cases must have caused (from the script, written from
/// the SOPs) against what the national systems actually did (their journals, read by content). It never
/// reads the gateway's outbox, history or keys, so a message the gateway never queued, or one a system
/// applied twice, shows.
public struct DeliveryOracle: Sendable {
    /// Per national system: what should have arrived and what did.
    public struct TargetReport: Codable, Sendable, Equatable {
        public var expected = 0
        public var arrivedOnce = 0
        /// Expected messages the system applied more than once.
        public var arrivedMoreThanOnce = 0
        /// Applications beyond the first, summed (3 arrivals of one message are 2 duplicates).
        public var duplicates = 0
        public var missing = 0
        /// Messages the system applied that no planned case implies.
        public var unexpected = 0
        /// Messages the system refused (4xx, not an injected fault): no plan has one, so each is a finding.
        public var refused = 0
    }

    public struct Report: Codable, Sendable, Equatable {
        public let targets: [String: TargetReport]
        /// Up to 20 examples of each kind of difference, for the operator to look up.
        public let missing: [String]
        public let duplicated: [String]
        public let unexpected: [String]
        public let refused: [String]

        public var perfect: Bool { missing.isEmpty && duplicated.isEmpty && unexpected.isEmpty && refused.isEmpty }
        public var expected: Int { targets.values.map(\.expected).reduce(0, +) }
        public var arrivedOnce: Int { targets.values.map(\.arrivedOnce).reduce(0, +) }
        public var duplicates: Int { targets.values.map(\.duplicates).reduce(0, +) }
        public var missingCount: Int { targets.values.map(\.missing).reduce(0, +) }
        public var unexpectedCount: Int { targets.values.map(\.unexpected).reduce(0, +) }
        public var refusedCount: Int { targets.values.map(\.refused).reduce(0, +) }
    }

    /// The kd_instansi SIINas reports to OSS under: those reports are SIINas's, not the agency's.
    public let siinasInstansiCode: String

    public init(siinasInstansiCode: String) {
        self.siinasInstansiCode = siinasInstansiCode
    }

    /// Compares the expected deliveries with the journals of the mocks ("oss", "siinas", "sipro").
    public func judge(expected: [Delivery], journals: [String: [Journal.Entry]]) -> Report {
        judge(expected: expected, arrived: arrivals(journals), refused: refusals(journals))
    }

    /// Compares the expected deliveries with what the systems applied (``arrivals(_:)``) and refused (``refusals(_:)``).
    public func judge(expected: [Delivery], arrived: [Delivery: Int], refused: [Delivery: Int] = [:]) -> Report {
        var targets: [String: TargetReport] = [:]
        var missing: [String] = [], duplicated: [String] = [], unexpected: [String] = [], refusedExamples: [String] = []
        let wanted = Set(expected)
        for delivery in wanted.sorted() {
            targets[delivery.target, default: TargetReport()].expected += 1
            switch arrived[delivery] ?? 0 {
            case 0:
                targets[delivery.target, default: TargetReport()].missing += 1
                missing.append(delivery.description)
            case 1:
                targets[delivery.target, default: TargetReport()].arrivedOnce += 1
            case let times:
                targets[delivery.target, default: TargetReport()].arrivedMoreThanOnce += 1
                targets[delivery.target, default: TargetReport()].duplicates += times - 1
                duplicated.append("\(delivery) ×\(times)")
            }
        }
        for (delivery, times) in arrived.sorted(by: { $0.key < $1.key }) where !wanted.contains(delivery) {
            targets[delivery.target, default: TargetReport()].unexpected += times
            unexpected.append(times > 1 ? "\(delivery) ×\(times)" : delivery.description)
        }
        for (delivery, times) in refused.sorted(by: { $0.key < $1.key }) {
            targets[delivery.target, default: TargetReport()].refused += times
            refusedExamples.append(times > 1 ? "\(delivery) ×\(times)" : delivery.description)
        }
        return Report(targets: targets, missing: Array(missing.prefix(20)), duplicated: Array(duplicated.prefix(20)),
                      unexpected: Array(unexpected.prefix(20)), refused: Array(refusedExamples.prefix(20)))
    }

    /// Every message a system applied (answered 2xx, not from its idempotency memory), by what it says.
    public func arrivals(_ journals: [String: [Journal.Entry]]) -> [Delivery: Int] {
        tally(journals) { $0.applied }
    }

    /// Every message a system refused by itself: answered 4xx with no fault injected (an injected error is the
    /// run's doing, and the gateway's retry of it is judged as an arrival).
    public func refusals(_ journals: [String: [Journal.Entry]]) -> [Delivery: Int] {
        tally(journals) { entry in entry.status.map { (400..<500).contains($0) } == true && (entry.fault ?? "").isEmpty }
    }

    private func tally(_ journals: [String: [Journal.Entry]], where counted: (Journal.Entry) -> Bool) -> [Delivery: Int] {
        var found: [Delivery: Int] = [:]
        for (system, entries) in journals {
            for entry in entries where entry.direction == .received && entry.method == "POST" && counted(entry) {
                guard let delivery = delivery(system: system, entry) else { continue }
                found[delivery, default: 0] += 1
            }
        }
        return found
    }

    /// What one applied request was, or nil for a query (OSS's checkLicenseStatus, inqueryNIB) or another sender's.
    func delivery(system: String, _ entry: Journal.Entry) -> Delivery? {
        let path = entry.target.split(separator: "?").first.map(String.init) ?? entry.target
        let segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        let body = try? JSONValue.decode(Data(entry.body.utf8))
        switch system {
        case "oss":
            guard let (method, sent) = agencyStatus(segments.last ?? "", body),
                  let code = (sent.field("kd_status") ?? sent.field("status_izin"))?.text else { return nil }
            return Delivery(target: "oss", operation: method, subject: sent.field("id_izin")?.text ?? "", detail: code)
        case "siinas":
            // POST /api/v1/verifikasi-teknis/{id}/{bap | pengembalian | penutupan}
            guard segments.count == 5, segments[2] == "verifikasi-teknis", ["bap", "pengembalian", "penutupan"].contains(segments[4]) else {
                return nil
            }
            return Delivery(target: "siinas", operation: segments[4], subject: segments[3],
                            detail: segments[4] == "bap" ? body?.field("nomor_bap")?.text ?? "" : "")
        case "sipro":
            if segments.last == "surat-masuk" {
                // The letter's reference is "<case>/<step>": the step is what the SOP names (its number is the register's).
                let reference = body?.field("referensi")?.text ?? ""
                let step = reference.split(separator: "/").last.map { "step \($0)" } ?? ""
                return Delivery(target: "dpmptsp", operation: "surat-masuk", subject: body?.field("id_izin")?.text ?? "", detail: step)
            }
            // POST /api/v1/permohonan/{nomor}/{status | nomor-izin | siap-diambil}
            guard segments.count == 5, segments[2] == "permohonan" else { return nil }
            let operation = segments[4]
            return Delivery(target: "sipro", operation: operation, subject: segments[3],
                            detail: operation == "status" ? body?.field("status")?.text ?? "" : "")
        default:
            return nil
        }
    }

    /// The document links (file_lampiran) OSS took with the agency's applied status pushes, by id_izin.
    public func linksOSSTook(_ entries: [Journal.Entry]) -> [String: [String]] {
        var links: [String: [String]] = [:]
        for entry in entries where entry.direction == .received && entry.method == "POST" && entry.applied {
            let method = entry.target.split(separator: "?").first?.split(separator: "/").last.map(String.init) ?? ""
            guard let (_, sent) = agencyStatus(method, try? JSONValue.decode(Data(entry.body.utf8))),
                  let link = sent.field("file_lampiran")?.meaningfulText else { continue }
            links[sent.field("id_izin")?.text ?? "", default: []].append(link)
        }
        return links
    }

    /// What the agency told OSS in a status push: receiveLicenseStatus carries IZINSTATUS, receiveLicense IZINFINAL
    /// (PIA); nil for other methods and for SIINas's own reports, under its kd_instansi.
    private func agencyStatus(_ method: String, _ body: JSONValue?) -> (method: String, sent: JSONValue)? {
        let wrapper = method == "receiveLicenseStatus" ? "IZINSTATUS" : method == "receiveLicense" ? "IZINFINAL" : nil
        guard let wrapper, let sent = body?.field(wrapper), sent.field("kd_instansi")?.text != siinasInstansiCode else { return nil }
        return (method, sent)
    }
}
