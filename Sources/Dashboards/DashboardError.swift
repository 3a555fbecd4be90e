/// Why dashboards could not be generated. Each one means a dashboard would have gone stale
/// (a metric, label or alert it names no longer exists), so generation stops instead.
public enum DashboardError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownMetric(String)
    case notAHistogram(String)
    case unknownLabel(metric: String, label: String)
    case unknownAlert(String)
    case noThreshold(alert: String, metric: String, occurrence: Int)
    case invalidPrefix(String)

    public var description: String {
        switch self {
        case .unknownMetric(let name):
            "no metric named \(name) in the catalog (Sources/Ingest/Catalog) or the self-metric list (Sources/Dashboards/SelfMetrics.swift)"
        case .notAHistogram(let name): "\(name) is not a histogram, so it has no _bucket, _sum or _count series"
        case .unknownLabel(let metric, let label): "\(metric) has no label \(label)"
        case .unknownAlert(let name): "no alerting rule named \(name) in the rule file"
        case .noThreshold(let alert, let metric, let occurrence):
            "alert \(alert) has no comparison number #\(occurrence + 1) over \(metric) (expected `… > N`, `… < N` or `… > N * …`)"
        case .invalidPrefix(let prefix): "\"\(prefix)\" is not a valid metric name prefix ([a-zA-Z_:][a-zA-Z0-9_:]*)"
        }
    }
}
