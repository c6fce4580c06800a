import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems

/// Asks OSS (checkLicenseStatus) about permits whose status is not yet final: the PIA defines no delivery
/// guarantee, so an agency that missed a change catches up by asking (oss-rba.md §1.9). A final status
/// reaches the case step that waits for it; 57 (approved by OSS itself) is a warning.
///
/// Within a budget: at most `polling.ossCallsPerMinute` calls in any minute, shared with the dispatcher's
/// checks before re-sending (OSS rate-limits agencies). Never-asked permits go first, then the longest due;
/// a permit found unchanged waits twice as long as the time before, from `polling.ossReconcileMilliseconds`
/// up to `polling.ossCheckMaxIntervalMinutes`, and one found changed is asked again after the shortest
/// wait. So every non-final permit is asked about at least once every `max(the longest wait, permits /
/// ossCallsPerMinute minutes)`.
final class OSSReconciler: Service {
    let name = ServiceName.reconcileOSS
    let intervalMilliseconds: Int
    private let ledger: any Ledger
    private let oss: OSSClient
    private let budget: CallBudget
    private let metrics: GatewayMetrics
    /// The shortest and the longest wait between two checks of one permit.
    private let shortest: TimeInterval
    private let longest: TimeInterval

    init(ledger: any Ledger, oss: OSSClient, budget: CallBudget, metrics: GatewayMetrics, polling: GatewaySettings.Polling) {
        self.ledger = ledger
        self.oss = oss
        self.budget = budget
        self.metrics = metrics
        intervalMilliseconds = polling.ossReconcileMilliseconds
        shortest = Double(max(1, polling.ossReconcileMilliseconds)) / 1000
        longest = max(shortest, Double(polling.ossCheckMaxIntervalMinutes) * 60)
    }

    /// The wait before the next check of a permit found unchanged `unchanged` times in a row.
    func wait(afterUnchanged unchanged: Int) -> TimeInterval {
        min(longest, shortest * pow(2, Double(min(unchanged, 30))))
    }

    /// Asks about the permits due, as many as the budget has room for; true when more are due and the budget has room.
    func runOnce() -> Bool {
        let room = budget.available(at: ledger.clock.now())
        guard room > 0, let due = try? ledger.read({ try $0.permits.dueForOSSCheck(dueBy: ledger.clock.now(), limit: room) })
        else { return false }
        for permit in due {
            guard !ledger.isStopping, budget.take(at: ledger.clock.now()) else { return false }
            check(permit)
        }
        return due.count == room && budget.available(at: ledger.clock.now()) > 0
    }

    /// OSS shows its own signed permit as a permit's attachment (`file_lampiran`) before its receiveFileDS push reaches the
    /// gateway: an attachment shown while the permit has no signed document is first asked about (inqueryFileDS), and
    /// the signed permit kept as its push would be, so it is never taken for the applicant's upload (SOP 004 step 8).
    private func signedDocument(shown url: String?, of idIzin: String) throws -> (message: InboundMessage, raw: CaseProcessor.Raw)? {
        guard let url, !url.isEmpty, let record = try ledger.read({ try $0.permits.permit(idIzin) }), record.fileDS == nil,
              let (signed, body) = try oss.inqueryFileDS(idIzin), signed == url else { return nil }
        let message = try OSSInbound.receiveFileDS(["id_izin": .string(idIzin), "nib": .string(record.commitments.nib), "file_izin": .string(signed)])
        return (message, CaseProcessor.Raw(body: body))
    }

    private func check(_ permit: PermitStore.CheckDue) {
        let idIzin = permit.idIzin
        let started = ContinuousClock.now
        do {
            // The PIA's field table and its own examples disagree on the wrapper (oss-rba.md §5, failure mode 4): OSSWire reads each.
            let (reply, body) = try oss.call(.checkLicenseStatus, ["id_izin": .string(idIzin)])
            metrics.polled(feed: GatewayMetrics.feeds["oss"]!, at: ledger.clock.now())
            guard let shown = OSSWire.licenseStatus(reply) else { throw InboundError("the reply shows no status of the permit") }
            let raw = CaseProcessor.Raw(body: body)
            let unchanged = shown.code == permit.ossStatus ? permit.unchangedChecks + 1 : 0
            let next = wait(afterUnchanged: unchanged)
            let processor = ledger.processor
            let signed = try signedDocument(shown: shown.fileLampiran, of: idIzin)
            try ledger.write { unit in
                if let signed { try processor.receive(signed.message, raw: signed.raw, in: unit, pulledBy: "inqueryFileDS") }
                try processor.reconciled(idIzin: idIzin, code: OSSStatusCode(shown.code), description: shown.description,
                                         fileLampiran: shown.fileLampiran, raw: raw, in: unit)
                try unit.database.permits.scheduleOSSCheck(idIzin, unchangedChecks: unchanged, dueAt: unit.now + next)
            }
        } catch {
            let elapsed = ContinuousClock.now - started
            let latency = elapsed.milliseconds
            let retry = shortest
            try? ledger.write { unit in
                try unit.log(SyncLogEntry(at: unit.now, system: "oss", method: "checkLicenseStatus", direction: .outgoing, idIzin: idIzin,
                                          latencyMilliseconds: latency, outcome: "failed", error: "\(error)"))
                // Asked again after the shortest wait, behind the permits already due: one failing permit does not hold the rest.
                try unit.database.permits.scheduleOSSCheck(idIzin, unchangedChecks: permit.unchangedChecks, dueAt: unit.now + retry)
            }
        }
    }
}
