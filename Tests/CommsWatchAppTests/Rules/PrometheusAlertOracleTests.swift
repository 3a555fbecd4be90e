import Foundation
import TestSupport
import Testing

/// The same rule file run by the service and by a real Prometheus (Debian's 2.42) scraping it: the
/// firing alert must come out of both APIs with the same keys and the same labels, annotations, state
/// and value (Prometheus adds the scrape's `instance` and `job` labels, which the service has no use for).
struct PrometheusAlertOracleTests {
    static let rules = """
        groups:
          - name: queue
            rules:
              - alert: QueueBacklog
                expr: notification_queue_depth > 100
                for: 1s
                labels:
                  severity: page
                annotations:
                  summary: "{{ $labels.__name__ }} is {{ $value }}"
                  runbook: "{{ $externalURL }}/runbook"
        """

    @Test(.timeLimit(.minutes(5)))
    func firingAlertMatchesPrometheus() throws {
        let binary = try #require(ExternalTool.find("prometheus"), "prometheus is not installed; run .ci/install-deps")
        let fixture = try RuleFixture(rules: Self.rules)
        try fixture.setQueueDepth(5200)
        let ours = try #require(try fixture.pollAlerts { $0.contains { $0["state"] as? String == "firing" } }.first)

        let prometheus = try PrometheusProcess(
            binary: binary, scrapeTarget: "127.0.0.1:\(fixture.service.port)", ruleFiles: [fixture.file.path]
        )
        defer { prometheus.stop() }
        let theirs = try Self.firingAlert(from: prometheus, timeout: 60)

        #expect(Set(ours.keys) == Set(theirs.keys))
        var theirLabels = try #require(theirs["labels"] as? [String: String])
        theirLabels["instance"] = nil
        theirLabels["job"] = nil
        #expect(ours["labels"] as? [String: String] == theirLabels)
        let ourAnnotations = try #require(ours["annotations"] as? [String: String])
        let theirAnnotations = try #require(theirs["annotations"] as? [String: String])
        #expect(ourAnnotations["summary"] == theirAnnotations["summary"])
        #expect(ourAnnotations["runbook"] == "http://commswatch.test/runbook")
        #expect(ours["state"] as? String == theirs["state"] as? String)
        #expect(ours["value"] as? String == theirs["value"] as? String)

        let ourGroup = try #require(Self.firstGroup(try fixture.json("/api/v1/rules")))
        let theirGroup = try #require(Self.firstGroup(try prometheus.json("/api/v1/rules")))
        #expect(Set(ourGroup.keys) == Set(theirGroup.keys))
        let ourRule = try #require((ourGroup["rules"] as? [[String: Any]])?.first)
        let theirRule = try #require((theirGroup["rules"] as? [[String: Any]])?.first)
        #expect(Set(ourRule.keys) == Set(theirRule.keys))
        for key in ["type", "name", "query", "health", "state"] {
            #expect(ourRule[key] as? String == theirRule[key] as? String, "\(key)")
        }
        #expect(ourRule["duration"] as? Double == theirRule["duration"] as? Double)
    }

    private static func firstGroup(_ response: [String: Any]?) -> [String: Any]? {
        ((response?["data"] as? [String: Any])?["groups"] as? [[String: Any]])?.first
    }

    private static func firingAlert(from prometheus: PrometheusProcess, timeout: Double) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [String: Any]?
        while Date() < deadline {
            last = try prometheus.json("/api/v1/alerts")
            let alerts = (last?["data"] as? [String: Any])?["alerts"] as? [[String: Any]] ?? []
            if let firing = alerts.first(where: { $0["state"] as? String == "firing" }) { return firing }
            Thread.sleep(forTimeInterval: 0.5)
        }
        throw PrometheusTimeout(description: "Prometheus never fired the alert; last answer: \(String(describing: last))")
    }
}
