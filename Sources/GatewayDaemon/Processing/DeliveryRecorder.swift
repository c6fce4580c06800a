import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// Records what became of the gateway's own messages: delivered (and what the case awaited of it), failed
/// (retried or a dead letter), or what OSS shows of a permit when asked (checkLicenseStatus).
struct DeliveryRecorder: Sendable {
    let composer: OutboundComposer

    /// What the dispatcher made of one attempt.
    enum Outcome: String, Sendable {
        case delivered, retrying, dead
    }

    /// The dispatcher delivered a message: record it; returns the step message a case awaits of it, if any.
    /// OSS's answer to a number call (receiveLicense, status 49) carries the permit's number: the permit
    /// itself (status 50) is queued with it, and the case hears when that one is delivered. A number call
    /// OSS showed applied after its answer was lost queues the 50 with the number empty, and that 50's answer
    /// gives it (receiveLicense's reply carries nomor_izin, oss-rba.md §1.6).
    func delivered(_ message: OutboxMessage, attempt: Int, status: Int, latencyMilliseconds: Double, reply: [UInt8], note: String?,
                   in unit: WorkUnit) throws -> [FollowUp] {
        try unit.database.outbox.markDelivered(message.id, attempt: attempt, status: status, at: unit.now)
        let numberCall = message.kind == OutboundComposer.numberCall
        let asksNumber = message.kind == OutboundComposer.license && OSSWire.nomorIzin(inRequest: message.request.body) == nil
        let number = numberCall || asksNumber ? OSSWire.nomorIzin(inReply: reply) : nil
        try unit.log(SyncLogEntry(at: unit.now, system: message.target, method: message.kind, direction: .outgoing, caseID: message.caseID,
                                  idIzin: message.idIzin, messageID: message.id, attempt: attempt, httpStatus: status,
                                  latencyMilliseconds: latencyMilliseconds, outcome: Outcome.delivered.rawValue,
                                  error: note ?? number.map { "nomor_izin \($0)" }))
        if let number, let idIzin = message.idIzin {
            try unit.database.permits.recordNumber(idIzin, nomorIzin: number, at: unit.now)
        }
        if numberCall {
            try unit.enqueue(composer.issued(after: message, nomorIzin: number, in: unit))
            return []
        }
        guard let name = message.onDelivered, let caseID = message.caseID else { return [] }
        return [.deliver(.delivered(message.kind, id: message.id, idIzin: message.idIzin, target: message.target, step: name), to: caseID)]
    }

    /// An attempt failed: schedule the next one, or, after the last or for a failure retrying cannot fix, a dead letter.
    func failed(
        _ message: OutboxMessage, attempt: Int, status: Int?, error: String, permanent: Bool, latencyMilliseconds: Double,
        retry: GatewaySettings.RetrySchedule, random: Double, in unit: WorkUnit
    ) throws -> Outcome {
        let delay = permanent ? nil : retry.delay(afterAttempt: attempt, unit: random)
        try unit.database.outbox.markFailed(message.id, attempt: attempt, status: status, error: error,
                                            nextAttempt: delay.map { unit.now.addingTimeInterval($0) })
        let outcome: Outcome = delay == nil ? .dead : .retrying
        try unit.log(SyncLogEntry(
            at: unit.now, system: message.target, method: message.kind, direction: .outgoing, caseID: message.caseID, idIzin: message.idIzin,
            messageID: message.id, attempt: attempt, httpStatus: status, latencyMilliseconds: latencyMilliseconds, outcome: outcome.rawValue,
            error: permanent ? "\(error) (retrying cannot fix this: kept as a dead letter)" : error))
        return outcome
    }

    /// An attachment OSS shows on a permit that the agency did not send (an applicant's upload), as a
    /// message of its own, once; nil for the agency's own links and what was seen before.
    func attachmentShown(idIzin: String, code: OSSStatusCode, fileLampiran: String?, in unit: WorkUnit) throws -> InboundMessage? {
        let db = unit.database
        guard let record = try db.permits.permit(idIzin), let url = fileLampiran, !url.isEmpty, url != record.fileDS,
              try !isOwnLink(url, in: db) else { return nil }
        let shown = OSSInbound.attachmentShown(idIzin: idIzin, url: url, code: code)
        return try db.inbox.find(dedupKey: shown.dedupKey) != nil ? nil : shown
    }

    /// Records a status OSS shows for a permit when it changed; returns it as the message a step may await.
    func statusShown(idIzin: String, code: OSSStatusCode, description: String?, in unit: WorkUnit) throws -> InboundMessage? {
        let db = unit.database
        guard let record = try db.permits.permit(idIzin), record.ossStatus != code.code else { return nil }
        try db.permits.recordOSSStatus(idIzin, code: code.code, at: unit.now)
        var notes: [String] = []
        if !code.isListed { notes.append("kd_status \(code.code) is not in Lampiran 10") }
        if code == .approvedBySilence {
            notes.append("OSS approved the permit by itself (fiktif positif): the Dinas's statutory time passed")
            try db.permits.recordApprovedByOSS(idIzin, at: unit.now)
        }
        try unit.log(SyncLogEntry(at: unit.now, system: "oss", method: "checkLicenseStatus", direction: .outgoing, caseID: record.caseID,
                                  idIzin: idIzin, messageID: "\(idIzin)/\(code.code)", outcome: code == .approvedBySilence ? "warning" : "status",
                                  error: notes.isEmpty ? nil : notes.joined(separator: "; ")))
        return OSSInbound.licenseStatus(idIzin: idIzin, code: code, description: description)
    }

    /// Whether OSS shows one of the gateway's own document links (/berkas/<token>, whatever address the
    /// gateway had when it sent it): what the agency sent, not an applicant's upload.
    private func isOwnLink(_ url: String, in db: GatewayDatabase) throws -> Bool {
        guard let range = url.range(of: "/berkas/") else { return false }
        return try db.documents.isLink(tokenHash: DocumentLinkToken.hash(String(url[range.upperBound...])))
    }
}
