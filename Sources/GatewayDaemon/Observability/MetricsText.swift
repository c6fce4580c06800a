import Foundation
import GatewayStore

/// `/metrics` in the Prometheus text exposition format (version 0.0.4):
/// `# HELP` and `# TYPE` before each family, label values escaped, histograms
/// as cumulative `_bucket{le}` series with `_sum` and `_count`.
/// https://prometheus.io/docs/instrumenting/exposition_formats/
public struct MetricsText {
    /// What the database holds at scrape time.
    public struct Snapshot: Sendable {
        public var inbox: [String: Int] = [:]
        public var parked = 0
        public var outbox: [String: [OutboxMessage.State: Int]] = [:]
        public var oldestPending: [String: Date] = [:]
        public var breaches: [(sop: String, step: Int, count: Int)] = []
        public var cases: [(sop: String, state: String, count: Int)] = []
        /// Where the work calendar's known holidays end (the first instant of a year without its SKB list).
        public var calendarCoveredUntil: Date?
        /// Whether the configuration in force is the one last asked for (the start's, or the last SIGHUP's),
        /// and when the configuration last loaded.
        public var configurationLoaded = (succeeded: true, lastSuccess: Date(timeIntervalSince1970: 0))

        public init() {}

        public static func read(_ database: GatewayDatabase) throws -> Snapshot {
            var snapshot = Snapshot()
            snapshot.inbox = try database.inbox.countsByState()
            snapshot.parked = try database.parked.count()
            snapshot.outbox = try database.outbox.countsByTarget()
            snapshot.oldestPending = try database.outbox.oldestPending()
            snapshot.breaches = try database.escalations.countsByStep()
            snapshot.cases = try database.cases.countsByState()
            return snapshot
        }
    }

    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private var lines: [String] = []

    /// The whole page; `startedAt` stands in for a feed's last poll until it has one.
    public static func render(snapshot: Snapshot, metrics: GatewayMetrics, systems: [String], now: Date, startedAt: Date) -> String {
        var text = MetricsText()
        text.family("gerbang_up", "gauge", "1 while the gateway serves")
        text.sample("gerbang_up", [], 1)

        text.family("gerbang_inbox_messages", "gauge", "Inbound messages kept, by state (processed, rejected, ignored)")
        for state in ["processed", "rejected", "ignored"] { text.sample("gerbang_inbox_messages", [("state", state)], snapshot.inbox[state] ?? 0) }
        text.family("gerbang_parked_messages", "gauge", "Inbound messages waiting for their case to reach the step that takes them")
        text.sample("gerbang_parked_messages", [], snapshot.parked)

        text.family("gerbang_outbox_messages", "gauge", "Outbound messages by target system and state")
        for system in systems {
            for state in [OutboxMessage.State.pending, .held, .delivered, .dead] {
                text.sample("gerbang_outbox_messages", [("system", system), ("state", state.rawValue)], snapshot.outbox[system]?[state] ?? 0)
            }
        }
        text.family("gerbang_outbox_oldest_pending_age_seconds", "gauge", "Age of the oldest pending outbound message per system (0 when none)")
        for system in systems {
            text.sample("gerbang_outbox_oldest_pending_age_seconds", [("system", system)],
                        snapshot.oldestPending[system].map { max(0, now.timeIntervalSince($0)) } ?? 0)
        }
        text.family("gerbang_dead_letters", "gauge", "Outbound messages given up on, waiting for an operator's replay")
        for system in systems { text.sample("gerbang_dead_letters", [("system", system)], snapshot.outbox[system]?[.dead] ?? 0) }

        let deliveries = metrics.deliveries
        text.family("gerbang_deliveries_total", "counter", "Delivery attempts since start, by system and outcome")
        for system in systems {
            for outcome in ["delivered", "retrying", "dead"] {
                text.sample("gerbang_deliveries_total", [("system", system), ("outcome", outcome)], deliveries[system]?[outcome] ?? 0)
            }
        }
        let latency = metrics.latency
        text.family("gerbang_delivery_duration_seconds", "histogram", "How long delivery attempts took, by system")
        for system in systems {
            let histogram = latency[system] ?? GatewayMetrics.Histogram()
            for (bound, count) in zip(GatewayMetrics.latencyBuckets, histogram.cumulative) {
                text.sample("gerbang_delivery_duration_seconds_bucket", [("system", system), ("le", number(bound))], count)
            }
            text.sample("gerbang_delivery_duration_seconds_bucket", [("system", system), ("le", "+Inf")], histogram.count)
            text.sample("gerbang_delivery_duration_seconds_sum", [("system", system)], histogram.sum)
            text.sample("gerbang_delivery_duration_seconds_count", [("system", system)], histogram.count)
        }

        text.family("gerbang_sla_breaches_total", "counter", "Time standards passed, by SOP and step")
        for breach in snapshot.breaches {
            text.sample("gerbang_sla_breaches_total", [("sop", breach.sop), ("step", String(breach.step))], breach.count)
        }
        text.family("gerbang_cases", "gauge", "Cases by SOP and state (active, frozen, approved, rejected, notEffective, revoked, cancelled)")
        for entry in snapshot.cases { text.sample("gerbang_cases", [("sop", entry.sop), ("state", entry.state)], entry.count) }

        if let until = snapshot.calendarCoveredUntil {
            text.family("gerbang_calendar_covered_until_timestamp_seconds", "gauge",
                        "Unix time at which the work calendar's known holidays end (deadlines after it are provisional)")
            text.sample("gerbang_calendar_covered_until_timestamp_seconds", [], until.timeIntervalSince1970)
        }

        // Named as Prometheus names its own (prometheus_config_last_reload_successful, …_success_timestamp_seconds).
        text.family("gerbang_config_reload_success", "gauge", "1 when the last configuration load (start or SIGHUP) succeeded, 0 when it was refused")
        text.sample("gerbang_config_reload_success", [], snapshot.configurationLoaded.succeeded ? 1 : 0)
        text.family("gerbang_config_reload_success_timestamp_seconds", "gauge", "Unix time of the last configuration load that succeeded")
        text.sample("gerbang_config_reload_success_timestamp_seconds", [], snapshot.configurationLoaded.lastSuccess.timeIntervalSince1970)

        let polled = metrics.lastPoll
        text.family("gerbang_poll_lag_seconds", "gauge", "Seconds since each feed was last read successfully (since start when never)")
        for feed in GatewayMetrics.feeds.values.sorted() {
            text.sample("gerbang_poll_lag_seconds", [("feed", feed)], max(0, now.timeIntervalSince(polled[feed] ?? startedAt)))
        }
        return text.lines.joined(separator: "\n") + "\n"
    }

    private mutating func family(_ name: String, _ type: String, _ help: String) {
        lines.append("# HELP \(name) \(help)")
        lines.append("# TYPE \(name) \(type)")
    }

    private mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Int) {
        sample(name, labels, Double(value))
    }

    private mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
        let rendered = labels.isEmpty ? "" : "{" + labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
        lines.append("\(name)\(rendered) \(Self.number(value))")
    }

    /// A label value: backslash, double quote and line feed escaped.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
