import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems

/// Reads a national system's feed from the stored cursor: the SIINas
/// notifications (a safety net under its pushes) and the SIPRO events (SIPRO
/// does not push). Each page's messages and the cursor after them commit in
/// one job, so a crash can neither skip nor lose an item (DESIGN.md rule 5);
/// an item the feed repeats is a duplicate in the inbox.
final class FeedPoller: Sendable {
    let system: String
    private let path: String
    /// The key under which the page holds its items.
    private let listKey: String
    private let read: @Sendable (JSONValue) throws(InboundError) -> InboundMessage
    private let runtime: GatewayRuntime
    private let client: HTTPClient
    private let target: GatewaySettings.Target
    private let credentials: HTTPHeaders

    init(system: String, path: String, listKey: String, runtime: GatewayRuntime,
         read: @escaping @Sendable (JSONValue) throws(InboundError) -> InboundMessage) {
        self.system = system
        self.path = path
        self.listKey = listKey
        self.read = read
        self.runtime = runtime
        target = runtime.configuration.settings.systems.target(system)!
        client = HTTPClient(configuration: target.clientConfiguration)
        credentials = Dispatcher.credentials(for: system, secrets: runtime.configuration.secrets)
    }

    /// Where each feed is read (docs/siinas-api.md, docs/sipro-api.md).
    static let paths = ["siinas": "/api/v1/notifications", "sipro": "/api/v1/events"]

    /// A harmless authenticated read of a system, for ``SystemProbe``: one item of its feed, or
    /// DPMPTSP's letter box listing (docs/sipro-api.md).
    static func probePath(_ system: String) -> String {
        paths[system].map { "\($0)?after=0&limit=1" } ?? "/api/v1/surat-masuk"
    }

    static func siinas(runtime: GatewayRuntime) -> FeedPoller {
        FeedPoller(system: "siinas", path: paths["siinas"]!, listKey: "notifications", runtime: runtime) { json throws(InboundError) in
            try SIINasInbound.notification(json)
        }
    }

    static func sipro(runtime: GatewayRuntime) -> FeedPoller {
        FeedPoller(system: "sipro", path: paths["sipro"]!, listKey: "events", runtime: runtime) { json throws(InboundError) in
            try SIPROInbound.event(json)
        }
    }

    /// Reads one page and applies it; true when the page was full (there may be more).
    func runOnce() -> Bool {
        let feed = "\(system).feed"
        let pageSize = runtime.configuration.settings.polling.pageSize
        let started = ContinuousClock.now
        do {
            let cursor = try runtime.read { try $0.cursors.cursor(feed) } ?? "0"
            let url = "\(target.url)\(path)?after=\(cursor)&limit=\(pageSize)"
            let response = try client.send(ClientRequest(method: .get, url: url, headers: credentials)).requireSuccess()
            let page = try JSONValue.decode(Data(response.body))
            runtime.metrics.polled(feed: feed, at: runtime.clock.now())
            guard let items = page.field(listKey)?.array, let next = page.field("next_cursor")?.text else {
                throw InboundError("the page has no \(listKey) list and next_cursor")
            }
            guard !items.isEmpty || next != cursor else { return false }
            let read = self.read
            let system = self.system
            try runtime.write { [runtime] unit in
                for item in items {
                    let raw = CaseProcessor.Raw(body: Array(item.encoded()), headers: [])
                    do {
                        _ = try runtime.processor.receive(try read(item), raw: raw, in: unit)
                    } catch let error as InboundError {
                        try runtime.processor.reject(system: system, method: "feed", raw: raw, reason: error.message, in: unit)
                    }
                }
                try unit.database.cursors.set(feed, to: next, at: unit.now)
            }
            return items.count >= pageSize
        } catch {
            let elapsed = ContinuousClock.now - started
            logFailure("\(error)", latency: elapsed.milliseconds)
            return false
        }
    }

    private func logFailure(_ error: String, latency: Double) {
        let system = self.system
        try? runtime.write { unit in
            try unit.log(SyncLogEntry(at: unit.now, system: system, method: "feed", direction: .incoming, latencyMilliseconds: latency,
                                      outcome: "failed", error: error))
        }
    }
}
