import Foundation
import PromQL
import PrometheusModel
import Rules
import TestSupport
import Testing

@Suite struct RuleFileLoadingTests {
    @Test func loadsTheRepositoryAlerts() throws {
        let path = SharedData.repositoryRoot.appendingPathComponent("prometheus/alerts.yml").path
        let file = try RuleFile.load(path: path)
        #expect(file.groups.map(\.name) == ["chat", "disputes", "notifications", "notification-pipeline"])
        #expect(file.ruleCount == 14)
        guard case .alerting(let latency) = file.groups[0].rules[0] else {
            Issue.record("first rule is not an alert")
            return
        }
        #expect(latency.name == "ChatWsLatencyHigh")
        #expect(latency.holdDuration == 300_000)
        #expect(latency.labels["severity"] == "sev2")
        #expect(latency.annotations["summary"] == "WebSocket delivery p95 is {{ $value | humanize }} ms")
        #expect(latency.expression.source.hasPrefix("histogram_quantile(0.95,"))
        #expect(latency.expression.expr.type == .vector)
    }

    @Test func readsGroupSettingsAndRecordingRules() throws {
        let file = try RuleFile.load(path: Fixtures.path("valid_recording.yaml"))
        let group = try #require(file.groups.first)
        #expect(group.interval == 30_000)
        #expect(group.limit == 10)
        #expect(group.queryOffset == nil)
        #expect(group.rules.map(\.name) == ["job:http_requests:rate5m", "cluster:cpu:count", "constant_one"])
        guard case .recording(let rule) = group.rules[0] else {
            Issue.record("first rule is not a recording rule")
            return
        }
        #expect(rule.labels["team"] == "web")
        #expect(group.rules[2].expression.expr.type == .scalar)
    }

    @Test func readsAlertTimings() throws {
        let file = try RuleFile.load(path: Fixtures.path("valid_alerting.yaml"))
        guard case .alerting(let rule) = file.groups[0].rules[0] else {
            Issue.record("first rule is not an alert")
            return
        }
        #expect(rule.holdDuration == 600_000)
        #expect(rule.keepFiringFor == 300_000)
    }

    /// `query_offset` is Prometheus 3.x (promtool 2.42 here rejects it), so it is tested here, not against promtool.
    @Test func readsQueryOffset() throws {
        let text = """
            groups:
              - name: g
                query_offset: 1m
                rules: []
            """
        let file = try RuleFile.parse(text, file: "offset.yaml")
        #expect(file.groups[0].queryOffset == 60_000)
    }

    @Test func emptyFileHasNoGroups() throws {
        #expect(try RuleFile.parse("", file: "empty.yaml").groups.isEmpty)
        #expect(try RuleFile.load(path: Fixtures.path("valid_empty.yaml")).ruleCount == 0)
    }

    @Test func alertnameLabelIsKeptAsWritten() throws {
        let file = try RuleFile.load(path: Fixtures.path("valid_alertname_label.yaml"))
        guard case .alerting(let rule) = file.groups[0].rules[0] else {
            Issue.record("rule is not an alert")
            return
        }
        #expect(rule.labels["alertname"] == "Other")
    }
}
