public import PrometheusModel

/// One family as it stood at a snapshot: what exposition writers render.
///
/// Snapshots are plain values, so rendering runs without touching live atomics or locks, and the
/// same snapshot can be written in either format.
public struct MetricFamilySnapshot: Sendable {
    public let name: String
    public let help: String
    public let type: MetricType
    public let labelNames: [String]
    /// Histogram bucket upper bounds, without `+Inf`; empty for counters and gauges.
    public let bucketBounds: [Double]
    /// Series sorted by label values.
    public let series: [SeriesSnapshot]

    init(descriptor: MetricDescriptor, series: [SeriesSnapshot]) {
        name = descriptor.name
        help = descriptor.help
        type = descriptor.type
        labelNames = descriptor.labelNames
        bucketBounds = descriptor.buckets
        self.series = series
    }

    /// A counter or gauge family computed at collection time, for `MetricCollector`s.
    /// `samples` may come in any order; they are sorted by label values here.
    public init(
        name: String,
        help: String,
        type: MetricType,
        labelNames: [String] = [],
        samples: [(labelValues: [String], value: Double)]
    ) {
        precondition(type != .histogram, "collectors expose counters and gauges only; \(name) is a histogram")
        let descriptor = MetricDescriptor(name: name, help: help, type: type, labelNames: labelNames, buckets: [])
        descriptor.validate()
        let series =
            samples
            .sorted { $0.labelValues.lexicographicallyPrecedes($1.labelValues) }
            .map { sample in
                SeriesSnapshot(
                    labels: SeriesLabels(metricName: name, labelNames: labelNames, values: sample.labelValues),
                    value: .scalar(sample.value)
                )
            }
        self.init(descriptor: descriptor, series: series)
    }
}

/// One series of a family snapshot.
public struct SeriesSnapshot: Sendable {
    public let labels: SeriesLabels
    public let value: SeriesValue

    public init(labels: SeriesLabels, value: SeriesValue) {
        self.labels = labels
        self.value = value
    }
}

/// The value of one series: a number for counters and gauges, counts for histograms.
public enum SeriesValue: Sendable, Hashable {
    case scalar(Double)
    case histogram(HistogramSnapshot)
}
