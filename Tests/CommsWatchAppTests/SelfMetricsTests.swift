import CommsWatchApp
import Foundation
import TestSupport
import Testing

/// The service's metrics about itself that the commswatch dashboard plots: the store's write time,
/// response sizes by route (the scrape's own size among them), and active alerts by state.
struct SelfMetricsTests {
    @Test(.timeLimit(.minutes(5)))
    func storeWritesResponseSizesAndAlertsAreMeasured() throws {
        let rules = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-self-\(UUID()).yml")
        defer { try? FileManager.default.removeItem(at: rules) }
        try """
            groups:
              - name: always
                interval: 1s
                rules:
                  - alert: AlwaysFiring
                    expr: vector(1)
            """.write(to: rules, atomically: true, encoding: .utf8)
        let service = try RunningService {
            $0.ruleFiles = [rules.path]
            $0.evaluationInterval = .seconds(1)
        }
        let event = #"{"event":"notification_queue_sampled","properties":{"queue_depth":3}}"#
        #expect(try service.post(json: event).status == 202)
        _ = try service.samples()

        let deadline = Date().addingTimeInterval(20)
        var scrape = try service.samples()
        while scrape["commswatch_rule_alerts{group=\"always\",state=\"firing\"}"] != 1 && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.2)
            scrape = try service.samples()
        }
        #expect(scrape["commswatch_rule_alerts{group=\"always\",state=\"firing\"}"] == 1)
        #expect(scrape["commswatch_rule_alerts{group=\"always\",state=\"pending\"}"] == 0)
        #expect(scrape["commswatch_event_store_write_duration_seconds_count"] == 1, "one request stored")
        let scrapes = scrape["commswatch_http_response_size_bytes_count{route=\"/api/metrics/prometheus\"}"] ?? 0
        let bytes = scrape["commswatch_http_response_size_bytes_sum{route=\"/api/metrics/prometheus\"}"] ?? 0
        #expect(scrapes >= 1 && bytes / scrapes > 1000, "earlier scrapes are measured, each several kB: \(scrape.series(of: "commswatch_http_response_size_bytes_count"))")
    }
}
