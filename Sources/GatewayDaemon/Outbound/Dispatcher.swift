import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems

/// Sends one target's outbox messages whose time has come, one at a time,
/// each with its idempotency key, and records how each attempt went: delivered,
/// to be retried on the target's schedule, or a dead letter (DESIGN.md rule 4).
final class Dispatcher: Service {
    /// How an answer is read.
    enum Verdict: Equatable {
        case delivered
        /// Worth another attempt: the target was down, slow or overloaded.
        case retry(String)
        /// Retrying cannot fix it (a refused body, wrong credentials): a dead letter at once.
        case permanent(String)

        var isPermanent: Bool {
            if case .permanent = self { true } else { false }
        }

        /// The same failure, to be tried again whatever it was (a question that failed, not the message).
        var retryable: Verdict {
            switch self {
            case .delivered: self
            case .retry(let reason), .permanent(let reason): .retry(reason)
            }
        }
    }

    let target: String
    let name: ServiceName
    let intervalMilliseconds: Int
    private let settings: GatewaySettings.Target
    private let ledger: any Ledger
    private let metrics: GatewayMetrics
    private let report: @Sendable (OperatorMessage) -> Void
    private let client: HTTPClient
    private let credentials: HTTPHeaders
    /// For OSS, which has no idempotency: asks whether a status already arrived before sending it again,
    /// within the budget of asking calls it shares with the reconciler.
    private let oss: (client: OSSClient, budget: CallBudget)?
    private static let batch = 20

    /// - Parameters:
    ///   - settings: the target's address, client settings and retry schedule; `credentials` its auth header.
    ///   - oss: for the OSS target, the client that asks before sending a status again and the budget its questions take from.
    init(target: String, settings: GatewaySettings.Target, credentials: HTTPHeaders, oss: (client: OSSClient, budget: CallBudget)?,
         intervalMilliseconds: Int,
         ledger: any Ledger, metrics: GatewayMetrics, report: @escaping @Sendable (OperatorMessage) -> Void) {
        self.target = target
        name = .dispatch(target)
        self.settings = settings
        self.credentials = credentials
        self.oss = oss
        self.intervalMilliseconds = intervalMilliseconds
        self.ledger = ledger
        self.metrics = metrics
        self.report = report
        client = HTTPClient(configuration: settings.clientConfiguration)
    }

    /// The headers that authenticate the gateway to a target (SystemCredentials).
    static func credentials(for target: String, secrets: Secrets) -> HTTPHeaders {
        let keys = SystemCredentials.Keys(ossUserKey: secrets.ossUserKey, siinasToken: secrets.siinasToken, siproKey: secrets.siproKey)
        var headers = HTTPHeaders()
        for (name, value) in SystemCredentials.headers(for: target, keys) { headers.set(name, value) }
        return headers
    }

    /// Sends what is due; true when there may be more.
    func runOnce() -> Bool {
        let now = ledger.clock.now()
        let due: [OutboxMessage]
        do {
            due = try ledger.read { try $0.outbox.due(target: target, at: now, limit: Self.batch) }
        } catch {
            report(OperatorMessage(.error, "dispatch: cannot read the outbox", ["service": name.rawValue, "error": "\(error)"]))
            return false
        }
        for message in due {
            // A pause or a shutdown takes effect before the next message: the rest stay pending, in order.
            guard !ledger.isStopping, (try? ledger.read { try $0.pauses.isPaused(target) }) == false, deliver(message) else { return false }
        }
        return due.count == Self.batch
    }

    /// Sends one message and records the attempt; false when the rest must wait (the budget of questions to OSS is spent).
    private func deliver(_ message: OutboxMessage) -> Bool {
        let attempt = message.attempts + 1
        if let oss, let code = Self.statusPushed(by: message) {
            // OSS keeps no idempotency (oss-rba.md §1.9): a status whose reply was lost, or whose send a crash cut
            // short, may already be applied, and sending it again would tell OSS twice. Ask first (checkLicenseStatus).
            if message.mayHaveBeenApplied, let idIzin = message.idIzin {
                // No room in the minute's budget: the message waits, pending and in order, without an attempt counted.
                guard oss.budget.take(at: ledger.clock.now()) else { return false }
                let shown: String?
                do {
                    shown = try oss.client.currentStatus(idIzin)
                } catch {
                    // Not knowing is no licence to send twice: try again later, asking first again.
                    record(message, attempt: attempt, verdict: Self.verdict(error).retryable, status: nil, reply: [], latency: 0,
                           note: nil, asked: "checkLicenseStatus before sending again failed")
                    return true
                }
                if shown == code {
                    record(message, attempt: attempt, verdict: .delivered, status: 200, reply: [], latency: 0,
                           note: "already applied: checkLicenseStatus shows \(code); not sent again")
                    return true
                }
            }
            do {
                try ledger.write { unit in try unit.database.outbox.markInFlight(message.id, at: unit.now) }
            } catch {
                report(OperatorMessage(.error, "dispatch: cannot mark a message in flight: not sent", [
                    "service": name.rawValue, "message": message.id, "error": "\(error)"]))
                return true
            }
        }
        var headers = credentials
        headers.set("Content-Type", "application/json")
        headers.set("Idempotency-Key", message.idempotencyKey)
        var request = ClientRequest(method: HTTPMethod(message.request.method), url: settings.url + message.request.path,
                                    headers: headers, body: Array(message.request.body.utf8))
        // Without idempotency at OSS, only the dispatcher may decide to send again: never libcurl on a dead reused connection.
        request.freshConnection = oss != nil
        let started = ContinuousClock.now
        let verdict: Verdict
        var status: Int?
        var reply: [UInt8] = []
        do {
            let response = try client.send(request)
            status = response.status.code
            reply = response.body
            verdict = Self.verdict(status: response.status.code, body: response.body, kind: message.kind)
        } catch {
            verdict = Self.verdict(error)
        }
        record(message, attempt: attempt, verdict: verdict, status: status, reply: reply, latency: (ContinuousClock.now - started).milliseconds)
        return true
    }

    /// Records how an attempt went, in one transaction with what its delivery causes.
    private func record(_ message: OutboxMessage, attempt: Int, verdict: Verdict, status: Int?, reply: [UInt8], latency: Double,
                        note: String? = nil, asked: String? = nil) {
        let retry = settings.retry
        do {
            let processor = ledger.processor
            let outcome = try ledger.write { unit -> DeliveryRecorder.Outcome in
                switch verdict {
                case .delivered:
                    try processor.delivered(message, attempt: attempt, status: status ?? 200, latencyMilliseconds: latency, reply: reply,
                                                    note: note, in: unit)
                    return .delivered
                case .retry(let reason), .permanent(let reason):
                    return try processor.failed(message, attempt: attempt, status: status, error: asked.map { "\($0): \(reason)" } ?? reason,
                                                        permanent: verdict.isPermanent,
                                                        latencyMilliseconds: latency, retry: retry, random: Double.random(in: 0..<1), in: unit)
                }
            }
            metrics.delivery(system: target, outcome: outcome.rawValue, seconds: latency / 1000)
        } catch {
            report(OperatorMessage(.error, "dispatch: cannot record an attempt: it stays pending and goes again", [
                "service": name.rawValue, "message": message.id, "attempt": "\(attempt)", "error": "\(error)"]))
        }
    }

    /// The status code an OSS status push tells, which checkLicenseStatus can show; nil for other messages
    /// and for the number call (49), whose answer, the number, only a call gives.
    static func statusPushed(by message: OutboxMessage) -> String? {
        guard message.target == "oss", message.kind != OutboundComposer.numberCall else { return nil }
        return OSSWire.statusPushed(by: message.request.body)
    }

    /// Reads an answer. OSS may put its own `kode` in the body (PIA Lampiran 9); it counts as the status.
    static func verdict(status: Int, body: [UInt8], kind: String) -> Verdict {
        var code = status
        var detail = String(decoding: body.prefix(300), as: UTF8.self)
        if kind.hasPrefix("oss."), let answer = OSSWire.answer(in: body) {
            code = max(code, answer.kode)
            detail = answer.keterangan ?? detail
        }
        switch code {
        case 200..<300:
            // The number call exists for its answer: without a number the permit cannot be issued.
            if kind == OutboundComposer.numberCall, OSSWire.nomorIzin(inReply: body) == nil {
                return .permanent("HTTP \(code): OSS answered receiveLicense (status 49) without a nomor_izin: \(detail)")
            }
            return .delivered
        case 408, 425, 429, 500...599: return .retry("HTTP \(code): \(detail)")
        default: return .permanent("HTTP \(code): \(detail)")
        }
    }

    static func verdict(_ error: any Error) -> Verdict {
        guard let error = error as? HTTPClientError else { return .retry("\(error)") }
        switch error {
        case .tlsFailed, .invalidRequest: return .permanent(error.description)
        default: return .retry(error.description)
        }
    }
}
