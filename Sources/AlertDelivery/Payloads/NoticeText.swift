internal import PrometheusModel

/// How the payloads written for people (Slack, Telegram, PagerDuty) word an alert, so all three say the same.
extension AlertNotice {
    /// `[FIRING] alertname` or `[RESOLVED] alertname`.
    var headline: String { "[\(status.rawValue.uppercased())] \(alertName)" }

    /// The `summary` annotation, or the alert's name when there is none.
    var summaryOrName: String {
        if let summary = annotations["summary"], !summary.isEmpty { return summary }
        return alertName
    }

    /// The value as Prometheus writes sample values: `612`, `0.5`.
    var formattedValue: String? { value.map(NumberFormat.string) }

    /// What the headline and message lines do not already say: every label but `alertname`, then every
    /// annotation but `summary` and `description`, each group sorted by name.
    var details: [(name: String, value: String)] {
        let extraLabels = labels.filter { $0.key != "alertname" }
        let extraAnnotations = annotations.filter { $0.key != "summary" && $0.key != "description" }
        return [extraLabels, extraAnnotations].flatMap { $0.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) } }
    }
}
