import MetricRegistry
import PrometheusModel
import Rules

/// The service's metrics about its own rule evaluation, so a stuck or failing rule shows up on the
/// same scrape as everything else (the counterparts of Prometheus's `prometheus_rule_*` metrics).
struct RuleMetrics: Sendable {
    private let duration: HistogramFamily
    private let failures: CounterFamily
    private let lastEvaluation: GaugeFamily
    private let notifications: CounterFamily
    private let alerts: GaugeFamily

    init(registry: MetricRegistry) {
        duration = registry.histogram(
            name: "commswatch_rule_evaluation_duration_seconds",
            help: "Time taken to evaluate one rule group, by group.",
            labelNames: ["group"],
            buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]
        )
        failures = registry.counter(
            name: "commswatch_rule_evaluation_failures_total",
            help: "Rule evaluations that failed, by group and rule.",
            labelNames: ["group", "rule"]
        )
        lastEvaluation = registry.gauge(
            name: "commswatch_rule_group_last_evaluation_timestamp_seconds",
            help: "When each rule group was last evaluated, in seconds since the epoch.",
            labelNames: ["group"]
        )
        notifications = registry.counter(
            name: "commswatch_rule_alert_notifications_total",
            help: "Firing and resolved alerts handed to delivery (resends included), by group.",
            labelNames: ["group"]
        )
        alerts = registry.gauge(
            name: "commswatch_rule_alerts",
            help: "Active alerts after the group's last evaluation, by group and state (pending, firing): the in-process ALERTS.",
            labelNames: ["group", "state"]
        )
    }

    /// Records one group evaluation from the group's snapshot taken right after it.
    func record(_ snapshot: GroupSnapshot) {
        duration.labels(snapshot.name).observe(snapshot.evaluationDuration.inSeconds)
        lastEvaluation.labels(snapshot.name).set(Double(snapshot.lastEvaluation ?? 0) / 1000)
        for rule in snapshot.rules where rule.status.health == .err {
            failures.labels(snapshot.name, rule.name).increment()
        }
        var active: [AlertState: Int] = [.pending: 0, .firing: 0]
        for case .alerting(_, _, let ruleAlerts) in snapshot.rules.map(\.kind) {
            for alert in ruleAlerts where alert.state != .inactive { active[alert.state, default: 0] += 1 }
        }
        for (state, count) in active { alerts.labels(snapshot.name, state.rawValue).set(Double(count)) }
    }

    func recordNotifications(group: String, count: Int) {
        notifications.labels(group).increment(by: Double(count))
    }
}

extension RuleSnapshot {
    var name: String {
        switch kind {
        case .alerting(let rule, _, _): rule.name
        case .recording(let rule): rule.name
        }
    }
}
