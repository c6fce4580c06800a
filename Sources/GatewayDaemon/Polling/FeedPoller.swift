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
final class FeedPoller: Service {
    let name: ServiceName
    let intervalMilliseconds: Int
    private let feed: SystemFeed
    private let ledger: any Ledger
    private let metrics: GatewayMetrics
    private let client: HTTPClient
    private let baseURL: String
    private let credentials: HTTPHeaders
    private let pageSize: Int

    /// - Parameters:
    ///   - target: the system's address and client settings; `credentials` its auth header.
    init(_ feed: SystemFeed, target: GatewaySettings.Target, credentials: HTTPHeaders, pageSize: Int, intervalMilliseconds: Int,
         ledger: any Ledger, metrics: GatewayMetrics) {
        self.feed = feed
        name = .poll(feed.system)
        self.intervalMilliseconds = intervalMilliseconds
        self.ledger = ledger
        self.metrics = metrics
        client = HTTPClient(configuration: target.clientConfiguration)
        baseURL = target.url
        self.credentials = credentials
        self.pageSize = pageSize
    }

    /// Reads one page and applies it; true when the page was full (there may be more).
    func runOnce() -> Bool {
        let cursorName = "\(feed.system).feed"
        let started = ContinuousClock.now
        do {
            let cursor = try ledger.read { try $0.cursors.cursor(cursorName) } ?? "0"
            let url = baseURL + feed.page(after: cursor, limit: pageSize)
            let response = try client.send(ClientRequest(method: .get, url: url, headers: credentials)).requireSuccess()
            let (items, next) = try feed.items(of: try JSONValue.decode(Data(response.body)))
            metrics.polled(feed: cursorName, at: ledger.clock.now())
            guard !items.isEmpty || next != cursor else { return false }
            let read = feed.read
            let system = feed.system
            let processor = ledger.processor
            try ledger.write { unit in
                for item in items {
                    let raw = CaseProcessor.Raw(body: Array(item.encoded()), headers: [])
                    do {
                        _ = try processor.receive(try read(item), raw: raw, in: unit)
                    } catch let error as InboundError {
                        try processor.reject(system: system, method: "feed", raw: raw, reason: error.message, in: unit)
                    }
                }
                try unit.database.cursors.set(cursorName, to: next, at: unit.now)
            }
            return items.count >= pageSize
        } catch {
            let elapsed = ContinuousClock.now - started
            logFailure("\(error)", latency: elapsed.milliseconds)
            return false
        }
    }

    private func logFailure(_ error: String, latency: Double) {
        let system = feed.system
        try? ledger.write { unit in
            try unit.log(SyncLogEntry(at: unit.now, system: system, method: "feed", direction: .incoming, latencyMilliseconds: latency,
                                      outcome: "failed", error: error))
        }
    }
}
