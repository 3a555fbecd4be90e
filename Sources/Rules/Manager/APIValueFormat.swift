import PrometheusModel

/// Sample values as Prometheus's HTTP API writes them, so API clients and oracle comparisons see the
/// same strings: alert values use Go's `%e` shortest form, query results Go's `'f'` shortest form.
public enum APIValueFormat {
    /// An alert's `value` in `/api/v1/alerts` and `/api/v1/rules` (`1e+00`).
    public static func alertValue(_ value: Double) -> String {
        GoFloatFormat.shortestExponential(value)
    }

    /// A sample value in `/api/v1/query` results (`1`, `0.5`, `NaN`).
    public static func sampleValue(_ value: Double) -> String {
        GoFloatFormat.shortestPositional(value)
    }
}
