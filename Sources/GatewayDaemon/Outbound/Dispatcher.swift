import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems

/// Sends one target's outbox messages whose time has come, one at a time,
/// each with its idempotency key, and records how each attempt went: delivered,
/// to be retried on the target's schedule, or a dead letter (DESIGN.md rule 4).
final class Dispatcher: Sendable {
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
    }

    let target: String
    private let settings: GatewaySettings.Target
    private let runtime: GatewayRuntime
    private let client: HTTPClient
    private let credentials: HTTPHeaders
    private static let batch = 20

    init?(target: String, runtime: GatewayRuntime) {
        guard let settings = runtime.configuration.settings.systems.target(target) else { return nil }
        self.target = target
        self.settings = settings
        self.runtime = runtime
        client = HTTPClient(configuration: settings.clientConfiguration)
        credentials = Self.credentials(for: target, secrets: runtime.configuration.secrets)
    }

    /// The headers that authenticate the gateway to a target (docs/mocks.md, oss-rba.md §2).
    static func credentials(for target: String, secrets: Secrets) -> HTTPHeaders {
        switch target {
        case "oss": ["user_key": secrets.ossUserKey]
        case "siinas": ["Authorization": "Bearer " + secrets.siinasToken]
        default: ["X-SIPRO-Key": secrets.siproKey]  // SIPRO and DPMPTSP's letter box in it
        }
    }

    /// Sends what is due; true when there may be more.
    func runOnce() -> Bool {
        let now = runtime.clock.now()
        let due: [OutboxMessage]
        do {
            due = try runtime.read { try $0.outbox.due(target: target, at: now, limit: Self.batch) }
        } catch {
            runtime.options.operatorLog("dispatch \(target): cannot read the outbox: \(error)")
            return false
        }
        for message in due {
            // A pause or a shutdown takes effect before the next message: the rest stay pending, in order.
            guard !runtime.isStopping, (try? runtime.read { try $0.pauses.isPaused(target) }) == false else { return false }
            deliver(message)
        }
        return due.count == Self.batch
    }

    private func deliver(_ message: OutboxMessage) {
        let attempt = message.attempts + 1
        var headers = credentials
        headers.set("Content-Type", "application/json")
        headers.set("Idempotency-Key", message.idempotencyKey)
        let request = ClientRequest(method: HTTPMethod(message.request.method), url: settings.url + message.request.path,
                                    headers: headers, body: Array(message.request.body.utf8))
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
        let elapsed = ContinuousClock.now - started
        let latency = elapsed.milliseconds
        let retry = settings.retry
        do {
            let outcome = try runtime.write { [runtime] unit -> String in
                switch verdict {
                case .delivered:
                    try runtime.processor.delivered(message, attempt: attempt, status: status ?? 200, latencyMilliseconds: latency, reply: reply,
                                                    in: unit)
                    return "delivered"
                case .retry(let reason), .permanent(let reason):
                    return try runtime.processor.failed(message, attempt: attempt, status: status, error: reason,
                                                        permanent: verdict.isPermanent,
                                                        latencyMilliseconds: latency, retry: retry, random: Double.random(in: 0..<1), in: unit)
                }
            }
            runtime.metrics.delivery(system: target, outcome: outcome, seconds: latency / 1000)
        } catch {
            runtime.options.operatorLog("dispatch \(target): cannot record attempt \(attempt) of \(message.id): \(error)")
        }
    }

    /// Reads an answer. OSS may put its own `kode` in the body (PIA Lampiran 9); it counts as the status.
    static func verdict(status: Int, body: [UInt8], kind: String) -> Verdict {
        var code = status
        var detail = String(decoding: body.prefix(300), as: UTF8.self)
        if kind.hasPrefix("oss."), let json = try? JSONValue.decode(Data(body)), let reply = json.object?.values.first,
           let kode = reply.field("kode")?.text.flatMap(Int.init) {
            code = max(code, kode)
            detail = reply.field("keterangan")?.text ?? detail
        }
        switch code {
        case 200..<300:
            // The number call exists for its answer: without a number the permit cannot be issued.
            if kind == OutboundComposer.numberCall, IzinFinal.nomorIzin(inReply: (try? JSONValue.decode(Data(body))) ?? .null) == nil {
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
