import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems

/// Asks OSS (checkLicenseStatus) about permits whose status is not yet
/// final: the PIA defines no delivery guarantee, so an agency that missed a
/// change catches up by asking (oss-rba.md §1.9). A final status reaches the
/// case step that waits for it; 57 (approved by OSS itself) is a warning.
final class OSSReconciler: Service {
    /// Statuses after which nothing more is expected (oss-rba.md §1.7).
    static let final: Set<String> = ["50", "57", "58", "90", "93"]
    private static let batch = 50

    let name = ServiceName.reconcileOSS
    let intervalMilliseconds: Int
    private let ledger: any Ledger
    private let oss: OSSClient
    private let metrics: GatewayMetrics
    /// Where the next round starts: permits whose status stays open (a technical agency's 45) must not keep
    /// the later ones from ever being asked about.
    private let turn = Locked<Int>(0)

    init(ledger: any Ledger, oss: OSSClient, metrics: GatewayMetrics, intervalMilliseconds: Int) {
        self.ledger = ledger
        self.oss = oss
        self.metrics = metrics
        self.intervalMilliseconds = intervalMilliseconds
    }

    func runOnce() -> Bool {
        let open = ((try? ledger.read { try $0.permits.list() }) ?? []).filter { !Self.final.contains($0.ossStatus ?? "") }
        let start = turn.withLock { turn in
            defer { turn += Self.batch }
            return turn
        }
        for permit in open.inTurn(from: start, count: Self.batch) where !ledger.isStopping {
            check(permit.commitments.idIzin)
        }
        return false
    }

    private func check(_ idIzin: String) {
        let started = ContinuousClock.now
        do {
            // The PIA's field table and its own examples disagree on the wrapper (oss-rba.md §5, failure mode 4): OSSClient reads each.
            let (reply, body) = try oss.call(.checkLicenseStatus, ["id_izin": .string(idIzin)])
            metrics.polled(feed: GatewayMetrics.feeds["oss"]!, at: ledger.clock.now())
            guard let shown = OSSWire.licenseStatus(reply) else { throw InboundError("the reply shows no status of the permit") }
            let raw = CaseProcessor.Raw(body: body)
            let processor = ledger.processor
            try ledger.write { unit in
                try processor.reconciled(idIzin: idIzin, code: OSSStatusCode(shown.code), description: shown.description,
                                                 fileLampiran: shown.fileLampiran, raw: raw, in: unit)
            }
        } catch {
            let elapsed = ContinuousClock.now - started
            let latency = elapsed.milliseconds
            try? ledger.write { unit in
                try unit.log(SyncLogEntry(at: unit.now, system: "oss", method: "checkLicenseStatus", direction: .outgoing, idIzin: idIzin,
                                          latencyMilliseconds: latency, outcome: "failed", error: "\(error)"))
            }
        }
    }
}
