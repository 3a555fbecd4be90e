public import Ingest
public import Rules

/// Every dashboard commswatch ships (`grafana/dashboards/*.json`), generated from the metric catalog
/// and the alert rule file: metric and label names come from `Catalog`, threshold lines from the
/// alerts' own expressions. `commswatch dashboards` writes them; `DashboardsTests` fails when the
/// committed files differ from what this produces.
public enum DashboardSet {
    /// The dashboards in file order. Throws when the catalog lacks a metric or label a dashboard
    /// uses, or the rule file lacks an alert (or its threshold) a dashboard draws.
    public static func generate(catalog: Catalog = .standard, rules: RuleFile, metricPrefix: String = "") throws(DashboardError)
        -> [Dashboard]
    {
        let context = try Context(names: MetricNames(catalog: catalog, prefix: metricPrefix), alerts: AlertRules(rules))
        return [
            try chatHealth(context),
            try disputesSLA(context),
            try notifications(context),
            try notificationPipeline(context),
            try productAnalytics(context),
            try commswatchItself(context),
        ]
    }

    /// File name and contents of every dashboard, as written to disk.
    public static func files(catalog: Catalog = .standard, rules: RuleFile, metricPrefix: String = "") throws(DashboardError)
        -> [(name: String, contents: String)]
    {
        try generate(catalog: catalog, rules: rules, metricPrefix: metricPrefix).map { ($0.fileName, $0.json.rendered()) }
    }

    /// The tag every generated dashboard carries; the dashboards' link menu lists them by it.
    public static let tag = "commswatch"

    /// What every dashboard's generation reads.
    struct Context {
        let names: MetricNames
        let alerts: AlertRules

        /// The `occurrence`-th comparison number of `alert` over catalog metric `metric`.
        func alert(_ alert: String, over metric: String, _ occurrence: Int = 0) throws(DashboardError) -> AlertThreshold {
            try alerts.threshold(alert, over: metric, occurrence: occurrence)
        }
    }
}
