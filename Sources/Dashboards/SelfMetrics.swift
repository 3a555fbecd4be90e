/// A metric the service reports about itself (not from events, so not in `Catalog`), or one
/// Prometheus makes. The dashboards may only name metrics listed here or in the catalog;
/// `DashboardsTests` checks that each `commswatch_*` and `process_*` name below is still
/// registered somewhere under `Sources/`.
public struct SelfMetricSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case counter, gauge, histogram
    }

    public var name: String
    public var kind: Kind
    public var labels: [String]
    /// Labels are open-ended (`ALERTS` carries each alert's own labels).
    public var anyLabels: Bool

    public init(_ name: String, _ kind: Kind, labels: [String] = [], anyLabels: Bool = false) {
        self.name = name
        self.kind = kind
        self.labels = labels
        self.anyLabels = anyLabels
    }
}

extension SelfMetricSpec {
    /// The service's own metrics (never prefixed by `--metric-prefix`).
    public static let service: [SelfMetricSpec] = [
        SelfMetricSpec("commswatch_events_accepted_total", .counter, labels: ["event"]),
        SelfMetricSpec("commswatch_events_duplicate_total", .counter, labels: ["event"]),
        SelfMetricSpec("commswatch_events_rejected_total", .counter, labels: ["reason"]),
        SelfMetricSpec("commswatch_http_requests_total", .counter, labels: ["route", "method", "code"]),
        SelfMetricSpec("commswatch_http_request_duration_seconds", .histogram, labels: ["route"]),
        SelfMetricSpec("commswatch_http_response_size_bytes", .histogram, labels: ["route"]),
        SelfMetricSpec("commswatch_event_store_write_duration_seconds", .histogram),
        SelfMetricSpec("commswatch_rule_evaluation_duration_seconds", .histogram, labels: ["group"]),
        SelfMetricSpec("commswatch_rule_evaluation_failures_total", .counter, labels: ["group", "rule"]),
        SelfMetricSpec("commswatch_rule_group_last_evaluation_timestamp_seconds", .gauge, labels: ["group"]),
        SelfMetricSpec("commswatch_rule_alerts", .gauge, labels: ["group", "state"]),
        SelfMetricSpec("commswatch_notification_outbox_depth", .gauge, labels: ["receiver"]),
        SelfMetricSpec("commswatch_notification_outbox_oldest_age_seconds", .gauge, labels: ["receiver"]),
        SelfMetricSpec("commswatch_notifications_sent_total", .counter, labels: ["receiver"]),
        SelfMetricSpec("commswatch_notifications_failed_total", .counter, labels: ["receiver"]),
        SelfMetricSpec("commswatch_notifications_dropped_total", .counter, labels: ["receiver"]),
        SelfMetricSpec("commswatch_metric_series_overflow_total", .counter, labels: ["metric"]),
        SelfMetricSpec("process_cpu_seconds_total", .counter),
        SelfMetricSpec("process_resident_memory_bytes", .gauge),
        SelfMetricSpec("process_open_fds", .gauge),
        SelfMetricSpec("process_max_fds", .gauge),
    ]

    /// Series Prometheus itself writes: `ALERTS` from its rule manager (commswatch writes the same
    /// series into its own store for the in-process rules).
    public static let prometheus: [SelfMetricSpec] = [
        SelfMetricSpec("ALERTS", .gauge, labels: ["alertname", "alertstate"], anyLabels: true)
    ]

    public static let all: [SelfMetricSpec] = service + prometheus
}
