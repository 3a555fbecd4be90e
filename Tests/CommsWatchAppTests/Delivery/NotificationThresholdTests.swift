import CommsWatchApp
import Foundation
import PromQL
import Rules
import TestSupport
import Testing

/// Seed 003's NOTIFICATION_ALERT_* variables: their defaults are exactly the repository's rules, set
/// ones move the thresholds the service evaluates, and bad values are refused by name.
struct NotificationThresholdTests {
    static let alertsFile = SharedData.repositoryRoot.appendingPathComponent("prometheus/alerts.yml")

    @Test func defaultsAreTheRepositoryRules() throws {
        let rules = try RuleFile.load(path: Self.alertsFile.path).groups.flatMap(\.rules)
        let expressions = NotificationAlertThresholds().expressions
        #expect(expressions.count == 3)
        for (name, source) in expressions {
            let rule = try #require(rules.first { $0.name == name }, "\(name) is in prometheus/alerts.yml")
            #expect(try Parser.parse(source).description == rule.expression.expr.description, "\(name)")
        }
    }

    @Test func nothingSetMeansTheRuleFileAsWritten() throws {
        #expect(try NotificationAlertThresholds(environment: ["NOTIFICATION_ALERT_COOLDOWN_MS": "1000"]) == nil)
    }

    @Test func setVariablesMoveTheThresholdsAndTheWindow() throws {
        let thresholds = try #require(
            try NotificationAlertThresholds(environment: [
                "NOTIFICATION_ALERT_FAILURE_THRESHOLD": "35", "NOTIFICATION_ALERT_FAILURE_WINDOW_MS": "600000",
                "NOTIFICATION_ALERT_BACKLOG_THRESHOLD": "50",
            ]))
        #expect(thresholds.expressions["NotificationFailureSpike"] == "sum(increase(notification_job_failures_total[10m])) > 35")
        #expect(thresholds.expressions["NotificationBacklogGrowth"] == "notification_queue_depth > 50")
        #expect(thresholds.expressions["NotificationHighLatency"]?.contains("> 5000") == true, "unset ones keep their default")
    }

    @Test(arguments: [
        ("NOTIFICATION_ALERT_BACKLOG_THRESHOLD", "lots", "expected a non-negative number"),
        ("NOTIFICATION_ALERT_LATENCY_THRESHOLD_MS", "-1", "expected a non-negative number"),
        ("NOTIFICATION_ALERT_FAILURE_WINDOW_MS", "1500", "expected whole seconds"),
    ])
    func badValuesNameTheVariable(name: String, value: String, message: String) {
        do {
            _ = try NotificationAlertThresholds(environment: [name: value])
            Issue.record("\(name)=\(value) was accepted")
        } catch {
            #expect(error.description.contains(name) && error.description.contains(message), "\(error)")
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func theServiceEvaluatesTheMovedThreshold() throws {
        var thresholds = NotificationAlertThresholds()
        thresholds.backlog = 50
        let fixture = try RuleFixture(rules: try String(contentsOf: Self.alertsFile, encoding: .utf8)) {
            $0.notificationAlertThresholds = thresholds
        }
        try fixture.setQueueDepth(60)
        let alerts = try fixture.pollAlerts { alerts in
            alerts.contains { ($0["labels"] as? [String: String])?["alertname"] == "NotificationBacklogGrowth" && $0["state"] as? String == "firing" }
        }
        let backlog = try #require(alerts.first { ($0["labels"] as? [String: String])?["alertname"] == "NotificationBacklogGrowth" })
        #expect((backlog["annotations"] as? [String: String])?["queue_depth"] == "60", "the alert carries the latest queue depth")
        let groups = (try fixture.json("/api/v1/rules")["data"] as? [String: Any])?["groups"] as? [[String: Any]] ?? []
        let rule = groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }.first { $0["name"] as? String == "NotificationBacklogGrowth" }
        #expect(rule?["query"] as? String == "notification_queue_depth > 50")
    }
}
