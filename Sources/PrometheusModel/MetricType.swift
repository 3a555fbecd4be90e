/// The metric types commswatch exposes, spelled as they appear on `# TYPE` lines.
///
/// Summaries and untyped metrics are left out on purpose: nothing in the catalog needs them,
/// and every writer then has one case fewer to get right.
public enum MetricType: String, Sendable, Hashable, CaseIterable {
    case counter
    case gauge
    case histogram
}
