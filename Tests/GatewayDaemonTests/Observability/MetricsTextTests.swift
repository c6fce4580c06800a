import Foundation
import GatewayStore
import Testing
@testable import GatewayDaemon

/// /metrics as the Prometheus text format wants it.
@Suite struct MetricsTextTests {
    let now = Date(timeIntervalSince1970: 1_797_814_800)

    func render(_ snapshot: MetricsText.Snapshot = .init(), metrics: GatewayMetrics = GatewayMetrics()) -> [String] {
        MetricsText.render(snapshot: snapshot, metrics: metrics, systems: ["oss", "siinas"], now: now, startedAt: now - 30)
            .split(separator: "\n").map(String.init)
    }

    @Test func everyFamilyHasHelpAndTypeBeforeItsSamples() {
        let lines = render()
        for (index, line) in lines.enumerated() where line.hasPrefix("# TYPE ") {
            #expect(index > 0 && lines[index - 1].hasPrefix("# HELP " + line.split(separator: " ")[2]))
        }
        #expect(lines.contains("# TYPE gerbang_delivery_duration_seconds histogram"))
        #expect(lines.contains("# TYPE gerbang_deliveries_total counter"))
    }

    @Test func queuesAndCasesComeFromTheSnapshot() {
        var snapshot = MetricsText.Snapshot()
        snapshot.outbox = ["oss": [.pending: 2, .dead: 1]]
        snapshot.oldestPending = ["oss": now - 90]
        snapshot.breaches = [(sop: "izin-perluasan", step: 9, count: 3)]
        snapshot.cases = [(sop: "izin-perluasan", state: "active", count: 4)]
        snapshot.calendarCoveredUntil = Date(timeIntervalSince1970: 1_798_736_400)  // 2027-01-01 00:00 WIB
        let lines = render(snapshot)
        #expect(lines.contains("gerbang_calendar_covered_until_timestamp_seconds 1798736400"))
        #expect(lines.contains(#"gerbang_outbox_messages{system="oss",state="pending"} 2"#))
        #expect(lines.contains(#"gerbang_outbox_messages{system="siinas",state="pending"} 0"#))
        #expect(lines.contains(#"gerbang_dead_letters{system="oss"} 1"#))
        #expect(lines.contains(#"gerbang_outbox_oldest_pending_age_seconds{system="oss"} 90"#))
        #expect(lines.contains(#"gerbang_sla_breaches_total{sop="izin-perluasan",step="9"} 3"#))
        #expect(lines.contains(#"gerbang_cases{sop="izin-perluasan",state="active"} 4"#))
        #expect(lines.contains(#"gerbang_poll_lag_seconds{feed="siinas.feed"} 30"#))  // never polled: since start
    }

    @Test func theLatencyHistogramIsCumulativeWithInfEqualToTheCount() {
        let metrics = GatewayMetrics()
        metrics.delivery(system: "oss", outcome: "delivered", seconds: 0.004)
        metrics.delivery(system: "oss", outcome: "retrying", seconds: 0.3)
        metrics.delivery(system: "oss", outcome: "dead", seconds: 20)
        let lines = render(metrics: metrics)
        #expect(lines.contains(#"gerbang_delivery_duration_seconds_bucket{system="oss",le="0.005"} 1"#))
        #expect(lines.contains(#"gerbang_delivery_duration_seconds_bucket{system="oss",le="0.5"} 2"#))
        #expect(lines.contains(#"gerbang_delivery_duration_seconds_bucket{system="oss",le="10"} 2"#))
        #expect(lines.contains(#"gerbang_delivery_duration_seconds_bucket{system="oss",le="+Inf"} 3"#))
        #expect(lines.contains(#"gerbang_delivery_duration_seconds_count{system="oss"} 3"#))
        #expect(lines.contains(#"gerbang_delivery_duration_seconds_sum{system="oss"} 20.304"#))
        #expect(lines.contains(#"gerbang_deliveries_total{system="oss",outcome="retrying"} 1"#))
    }

    @Test func labelValuesAreEscaped() {
        #expect(MetricsText.escape(#"a"b\c"# + "\n") == #"a\"b\\c\n"#)
    }
}
