import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// Catches up on what OSS pushed and the gateway never got. PIA 4.3.16 removed checkNIBError and
/// rekonNIB, so an agency that missed a push can only pull: the NIBs of its open cases again
/// (inqueryNIB: a revocation, a freeze, an update, a new permit) and the signed permit of one OSS
/// approved whose receiveFileDS never came (inqueryFileDS). What it finds goes through the same inbox
/// and dedup as a push, so a push and a pull of the same thing are one message. At most
/// `polling.ossPullBatch` NIBs and as many permits a round, in turn.
final class OSSPuller: Service {
    /// What pulling one NIB came to.
    enum Outcome: Equatable, Sendable {
        /// Something the gateway did not have: applied as a push would be.
        case recovered(cases: [String])
        case unchanged
        /// OSS does not know the NIB.
        case unknown
        case failed(String)
    }

    let name = ServiceName.pullOSS
    let intervalMilliseconds: Int
    private let ledger: any Ledger
    private let oss: OSSClient
    private let batch: Int
    private let turn = Locked<(nibs: Int, permits: Int)>((0, 0))

    init(ledger: any Ledger, oss: OSSClient, polling: GatewaySettings.Polling) {
        self.ledger = ledger
        self.oss = oss
        batch = max(1, polling.ossPullBatch)
        intervalMilliseconds = polling.ossPullMilliseconds
    }

    func runOnce() -> Bool {
        guard let (nibs, unsigned) = try? ledger.read({ (try $0.permits.nibsWithOpenCases(), try $0.permits.awaitingSignedDocument()) }) else {
            return false
        }
        let (nibStart, permitStart) = turn.withLock { turn in
            defer { turn = (turn.nibs + batch, turn.permits + batch) }
            return turn
        }
        for nib in nibs.inTurn(from: nibStart, count: batch) where !ledger.isStopping { _ = pull(nib: nib) }
        for record in unsigned.inTurn(from: permitStart, count: batch) where !ledger.isStopping { pullSignedDocument(record) }
        return false
    }

    /// Asks OSS for one NIB now (inqueryNIB) and applies what it says as its push would be applied.
    func pull(nib: String) -> Outcome {
        let started = ContinuousClock.now
        do {
            guard let (dataNIB, _) = try oss.inqueryNIB(nib) else {
                log(nib, started, outcome: "unknown", error: "OSS does not know NIB \(nib)")
                return .unknown
            }
            let message = try OSSInbound.receiveNIB(dataNIB)
            // Kept as a receiveNIB body, so that a later update compares with it.
            let raw = CaseProcessor.Raw(body: Array(JSONValue.object([OSSMethod.receiveNIB.requestWrapper: dataNIB]).encoded()))
            let processor = ledger.processor
            let receipt = try ledger.write { unit in try processor.receive(message, raw: raw, in: unit, pulledBy: "inqueryNIB") }
            switch receipt {
            case .accepted(let cases): return .recovered(cases: cases)
            case .duplicate: return .unchanged
            case .refused(_, let reason): return .failed(reason)
            }
        } catch {
            log(nib, started, outcome: "failed", error: "\(error)")
            return .failed("\(error)")
        }
    }

    /// Asks OSS for the signed document of a permit it approved (inqueryFileDS); found, it is kept as its
    /// receiveFileDS push would have been (the same message, under the same dedup key).
    private func pullSignedDocument(_ record: PermitStore.Record) {
        let idIzin = record.commitments.idIzin
        let started = ContinuousClock.now
        do {
            guard let (url, body) = try oss.inqueryFileDS(idIzin) else { return }  // not signed yet
            let message = try OSSInbound.receiveFileDS(["id_izin": .string(idIzin), "nib": .string(record.commitments.nib), "file_izin": .string(url)])
            let processor = ledger.processor
            _ = try ledger.write { unit in
                try processor.receive(message, raw: CaseProcessor.Raw(body: body), in: unit, pulledBy: "inqueryFileDS")
            }
        } catch {
            log(idIzin, started, outcome: "failed", error: "inqueryFileDS: \(error)", method: "inqueryFileDS")
        }
    }

    private func log(_ subject: String, _ started: ContinuousClock.Instant, outcome: String, error: String, method: String = "inqueryNIB") {
        let latency = (ContinuousClock.now - started).milliseconds
        try? ledger.write { unit in
            try unit.log(SyncLogEntry(at: unit.now, system: "oss", method: method, direction: .outgoing, messageID: subject,
                                      latencyMilliseconds: latency, outcome: outcome, error: error))
        }
    }
}
