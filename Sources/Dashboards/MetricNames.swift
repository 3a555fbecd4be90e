public import Ingest

/// The metric names a dashboard may write into its queries, looked up in the same catalog the
/// service registers its metrics from (and in `SelfMetricSpec` for the service's own), so a metric or
/// label renamed in code makes generation fail instead of leaving a dashboard querying nothing.
public struct MetricNames: Sendable {
    public let catalog: Catalog
    /// Put in front of every catalog metric, as `serve --metric-prefix` does; self-metrics keep their names.
    public let prefix: String

    public init(catalog: Catalog, prefix: String = "") throws(DashboardError) {
        guard Self.isValidPrefix(prefix) else { throw .invalidPrefix(prefix) }
        self.catalog = catalog
        self.prefix = prefix
    }

    /// A catalog metric's exposed name; `labels` are those the query uses, each checked to exist.
    public func metric(_ name: String, labels: [String] = []) throws(DashboardError) -> String {
        guard let spec = catalog.metric(named: name) else { throw .unknownMetric(name) }
        try Self.check(labels, of: name, against: spec.labels)
        return prefix + name
    }

    /// A catalog histogram's `_bucket`, `_sum` and `_count` series names.
    public func histogram(_ name: String, labels: [String] = []) throws(DashboardError) -> HistogramSeries {
        guard let spec = catalog.metric(named: name) else { throw .unknownMetric(name) }
        guard case .histogram = spec.kind else { throw .notAHistogram(name) }
        try Self.check(labels, of: name, against: spec.labels)
        return HistogramSeries(name: prefix + name)
    }

    /// One of the service's own metrics (or a Prometheus series) from `SelfMetricSpec.all`.
    public func own(_ name: String, labels: [String] = []) throws(DashboardError) -> String {
        guard let spec = SelfMetricSpec.all.first(where: { $0.name == name }) else { throw .unknownMetric(name) }
        if !spec.anyLabels { try Self.check(labels, of: name, against: spec.labels) }
        return name
    }

    public func ownHistogram(_ name: String, labels: [String] = []) throws(DashboardError) -> HistogramSeries {
        guard let spec = SelfMetricSpec.all.first(where: { $0.name == name }) else { throw .unknownMetric(name) }
        guard spec.kind == .histogram else { throw .notAHistogram(name) }
        try Self.check(labels, of: name, against: spec.labels)
        return HistogramSeries(name: name)
    }

    private static func check(_ used: [String], of metric: String, against known: [String]) throws(DashboardError) {
        for label in used where !known.contains(label) {
            throw .unknownLabel(metric: metric, label: label)
        }
    }

    /// The rule `serve --metric-prefix` applies: a valid start of a metric name, or empty.
    static func isValidPrefix(_ prefix: String) -> Bool {
        prefix.utf8.enumerated().allSatisfy { index, byte in
            byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
                || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
                || (index > 0 && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
    }
}

/// The three series of a Prometheus histogram.
public struct HistogramSeries: Sendable, Equatable {
    public let name: String
    public var bucket: String { name + "_bucket" }
    public var sum: String { name + "_sum" }
    public var count: String { name + "_count" }
}
