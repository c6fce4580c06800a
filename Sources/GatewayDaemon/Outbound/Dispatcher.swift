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
    /// When this dispatcher started, and when each attempt that got no answer (a timeout, a reset, a crash while in
    /// flight) was sent: such a request may still be on its way through the receiver, so asking about it too soon
    /// could find it not yet applied and send it a second time (``settlingTimeouts``).
    private let started = ContinuousClock.now
    private let unanswered = Locked<[String: ContinuousClock.Instant]>([:])

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
        var settling = false
        for message in due {
            // A pause or a shutdown takes effect before the next message: the rest stay pending, in order.
            guard !ledger.isStopping, (try? ledger.read { try $0.pauses.isPaused(target) }) == false else { return false }
            // `due` gives a case's next message only, so one left to settle holds back its case alone.
            if mayStillBeUnderWay(message) {
                settling = true
                continue
            }
            guard deliver(message) else { return false }
        }
        return due.count == Self.batch && !settling
    }

    /// How many of the target's timeouts an attempt without an answer is left to settle before the receiver is
    /// asked about it. One was not enough: a receiver paused for seconds (chaos's SIGSTOP on a loaded machine)
    /// filed a letter after the gateway's question, which found nothing, and the letter went twice.
    static let settlingTimeouts = 3

    /// Whether an earlier attempt of `message` that got no answer, or was in flight when the gateway stopped, may
    /// still be under way at the receiver: for `settlingTimeouts` of the target's timeouts after it was sent, or
    /// after this dispatcher started.
    private func mayStillBeUnderWay(_ message: OutboxMessage) -> Bool {
        guard message.mayHaveBeenApplied else { return false }
        let sent = unanswered.withLock { $0[message.id] } ?? (message.inFlightSince != nil ? started : nil)
        guard let sent else { return false }
        return ContinuousClock.now - sent < .milliseconds(settings.timeoutMilliseconds * Self.settlingTimeouts)
    }

    /// What the receiver's own record says of a message that may already have arrived.
    enum Receipt {
        case notApplied
        /// It arrived: recorded as delivered with this note, not sent again.
        case applied(String)
        /// The question failed: not knowing is no licence to send twice, so the attempt is a failure to retry.
        case unknown(Verdict, asked: String)
        /// No room in the minute's budget of questions to OSS: the message waits, pending and in order.
        case wait
    }

    /// Sends one message and records the attempt; false when the rest must wait (the budget of questions to OSS is spent).
    private func deliver(_ message: OutboxMessage) -> Bool {
        let attempt = message.attempts + 1
        // No receiver is trusted to recognise a repeat (ReceiptQuestion): a message whose reply was lost, or whose
        // send a crash cut short, may already be applied, and sending it again would do it twice. Ask first.
        if message.mayHaveBeenApplied {
            switch receipt(of: message) {
            case .notApplied:
                break
            case .applied(let note):
                unanswered.withLock { $0[message.id] = nil }
                record(message, attempt: attempt, verdict: .delivered, status: 200, reply: [], latency: 0, note: note)
                return true
            case .unknown(let verdict, let asked):
                record(message, attempt: attempt, verdict: verdict, status: nil, reply: [], latency: 0, note: nil, asked: asked)
                return true
            case .wait:
                return false
            }
        }
        do {
            try ledger.write { unit in try unit.database.outbox.markInFlight(message.id, at: unit.now) }
        } catch {
            report(OperatorMessage(.error, "dispatch: cannot mark a message in flight: not sent", [
                "service": name.rawValue, "message": message.id, "error": "\(error)"]))
            return true
        }
        var headers = credentials
        headers.set("Content-Type", "application/json")
        headers.set("Idempotency-Key", message.idempotencyKey)
        var request = ClientRequest(method: HTTPMethod(message.request.method), url: settings.url + message.request.path,
                                    headers: headers, body: Array(message.request.body.utf8))
        // Only the dispatcher may decide to send again, after asking: never libcurl on a dead reused connection.
        request.freshConnection = true
        let sentAt = ContinuousClock.now
        let verdict: Verdict
        var status: Int?
        var reply: [UInt8] = []
        do {
            let response = try client.send(request)
            status = response.status.code
            reply = response.body
            verdict = Self.verdict(status: response.status.code, body: response.body, kind: message.kind)
            #if DEBUG
            // A fault hook of debug builds only: the proof that the oracle sees a message sent twice
            // (DemoCommandTests), now that no receiver hides a repeat.
            if Self.sendsTwice, verdict == .delivered { _ = try? client.send(request) }
            #endif
        } catch {
            verdict = Self.verdict(error)
        }
        unanswered.withLock { $0[message.id] = status == nil ? sentAt : nil }
        record(message, attempt: attempt, verdict: verdict, status: status, reply: reply, latency: (ContinuousClock.now - sentAt).milliseconds)
        return true
    }

    #if DEBUG
    /// GERBANG_FAULT_SEND_TWICE=1 (debug builds only): every message delivered is sent once more.
    static let sendsTwice = ProcessInfo.processInfo.environment["GERBANG_FAULT_SEND_TWICE"] == "1"
    #endif

    /// A question is a read, safe to repeat (RFC 9110 §9.2.2): one that fails is asked again at once, up to this many
    /// times in all, so a passing fault costs the message no attempt of its own.
    static let questionTries = 3

    /// Asks the receiver whether `message` arrived: OSS by checkLicenseStatus within the budget it shares with the
    /// reconciler, the others by reading the resource the message changes (``ReceiptQuestion``).
    private func receipt(of message: OutboxMessage) -> Receipt {
        var answer = Receipt.wait
        for _ in 0..<Self.questionTries {
            answer = askOnce(message)
            guard case .unknown = answer else { return answer }
        }
        return answer
    }

    private func askOnce(_ message: OutboxMessage) -> Receipt {
        if let oss, let code = Self.statusPushed(by: message), let idIzin = message.idIzin {
            guard oss.budget.take(at: ledger.clock.now()) else { return .wait }
            do {
                let shown = try oss.client.currentStatus(idIzin)
                guard shown == code else { return .notApplied }
                // A number call applied whose answer was lost: OSS keeps the number it gave, and the 50 that follows
                // asks for it (its reply carries nomor_izin, oss-rba.md §1.6), so the number is not taken twice.
                let number = message.kind == OutboundComposer.numberCall ? "; the number comes with the 50's answer" : ""
                return .applied("\(SyncLogEntry.alreadyApplied): checkLicenseStatus shows \(code); not sent again\(number)")
            } catch {
                return .unknown(Self.verdict(error).retryable, asked: "checkLicenseStatus before sending again failed")
            }
        }
        guard let question = ReceiptQuestion.of(target: target, path: message.request.path, body: Array(message.request.body.utf8),
                                                sentBefore: (try? ledger.read { try $0.outbox.deliveredAlike(message.id) }) ?? 0) else {
            return .notApplied  // nothing to ask
        }
        let asked = "GET \(question.path) before sending again failed"
        do {
            var request = ClientRequest(method: .get, url: settings.url + question.path, headers: credentials)
            request.freshConnection = true
            let response = try client.send(request)
            if response.status == .notFound { return .notApplied }
            guard (200..<300).contains(response.status.code) else {
                return .unknown(Self.verdict(status: response.status.code, body: response.body, kind: "").retryable, asked: asked)
            }
            let shown = (try? JSONValue.decode(response.body)) ?? .null
            return question.applied(shown) ? .applied("\(SyncLogEntry.alreadyApplied): \(target) shows \(question.shows); not sent again") : .notApplied
        } catch {
            return .unknown(Self.verdict(error).retryable, asked: asked)
        }
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

    /// The status code an OSS status push tells (the number call's 49 too), which checkLicenseStatus can show;
    /// nil for other messages.
    static func statusPushed(by message: OutboxMessage) -> String? {
        guard message.target == "oss" else { return nil }
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
