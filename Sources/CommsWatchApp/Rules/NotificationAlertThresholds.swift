import PromQL
import PrometheusModel
import Rules

/// Seed 003's environment variables for its notification-pipeline alerts, applied to the rules of
/// the same names in the loaded rule files. The expressions below are the ones in
/// `prometheus/alerts.yml` with the numbers taken from the settings; a test keeps the two in step,
/// so the file stays what a Prometheus server runs and the variables only move the thresholds.
public struct NotificationAlertThresholds: Sendable, Equatable {
    /// `NOTIFICATION_ALERT_FAILURE_THRESHOLD`: failed jobs within the window before Failure Spike fires.
    public var failures: Double = 20
    /// `NOTIFICATION_ALERT_FAILURE_WINDOW_MS`: the failure window, ms.
    public var failureWindow: Int64 = 300_000
    /// `NOTIFICATION_ALERT_BACKLOG_THRESHOLD`: queue depth at which Backlog Growth fires.
    public var backlog: Double = 500
    /// `NOTIFICATION_ALERT_LATENCY_THRESHOLD_MS`: p95 wait or run time at which High Latency fires.
    public var latency: Double = 5000

    public init() {}

    /// The settings from the seed's variables; nil when none is set, so the rule files apply as written.
    public init?(environment: [String: String]) throws(ConfigurationError) {
        let names = ["NOTIFICATION_ALERT_FAILURE_THRESHOLD", "NOTIFICATION_ALERT_FAILURE_WINDOW_MS", "NOTIFICATION_ALERT_BACKLOG_THRESHOLD",
            "NOTIFICATION_ALERT_LATENCY_THRESHOLD_MS"]
        guard names.contains(where: { !(environment[$0] ?? "").isEmpty }) else { return nil }
        func number(_ name: String, default value: Double) throws(ConfigurationError) -> Double {
            guard let text = environment[name], !text.isEmpty else { return value }
            guard let number = Double(text), number.isFinite, number >= 0 else {
                throw ConfigurationError(setting: name, message: "expected a non-negative number, got \"\(text)\"")
            }
            return number
        }
        failures = try number(names[0], default: failures)
        let window = try number(names[1], default: Double(failureWindow))
        guard window >= 1000, window.truncatingRemainder(dividingBy: 1000) == 0 else {
            throw ConfigurationError(setting: names[1], message: "expected whole seconds in milliseconds (e.g. 300000), got \"\(environment[names[1]] ?? "")\"")
        }
        failureWindow = Int64(window)
        backlog = try number(names[2], default: backlog)
        latency = try number(names[3], default: latency)
    }

    /// The expression of each alert these settings drive, by alert name. Capacity Drops has no
    /// threshold: any job dropped for capacity fires it.
    public var expressions: [String: String] {
        let latencyQuantile = { (metric: String) in
            "histogram_quantile(0.95, sum by (le, job_type) (rate(\(metric)[5m]))) > \(NumberFormat.string(latency))"
        }
        return [
            "NotificationFailureSpike":
                "sum(increase(notification_job_failures_total[\(PrometheusDuration.format(failureWindow))])) > \(NumberFormat.string(failures))",
            "NotificationBacklogGrowth": "notification_queue_depth > \(NumberFormat.string(backlog))",
            "NotificationHighLatency":
                latencyQuantile("notification_job_wait_duration_ms_bucket") + "\nor\n" + latencyQuantile("notification_job_duration_ms_bucket"),
        ]
    }

    /// `groups` with the driven alerts' expressions replaced.
    func apply(to groups: [(file: String, group: RuleGroup)]) -> [(file: String, group: RuleGroup)] {
        var parsed: [String: RuleExpression] = [:]
        for (name, source) in expressions {
            // The texts are built from numbers and fixed names, so they always parse.
            if let expr = try? Parser.parse(source) { parsed[name] = RuleExpression(source: source, expr: expr) }
        }
        return groups.map { file, group in
            var group = group
            group.rules = group.rules.map { rule in
                guard case .alerting(var alerting) = rule, let expression = parsed[alerting.name] else { return rule }
                alerting.expression = expression
                return .alerting(alerting)
            }
            return (file, group)
        }
    }
}
