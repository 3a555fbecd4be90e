/// A histogram metric with a label vector: `family.labels("ws").observe(0.042)`.
public final class HistogramFamily: Sendable {
    let core: MetricFamily<Histogram>

    init(core: MetricFamily<Histogram>) {
        self.core = core
    }

    /// The histogram for these label values, in declared label order; created on first use.
    /// Lock-free when it exists.
    public func labels(_ values: String...) -> Histogram {
        core.series(for: values)
    }

    /// The histogram for these label values, in declared label order.
    public func labels(values: [String]) -> Histogram {
        core.series(for: values)
    }

    public var name: String { core.descriptor.name }
    public var labelNames: [String] { core.descriptor.labelNames }
    public var buckets: HistogramBuckets { HistogramBuckets(core.descriptor.buckets) }

    /// Every series, sorted by label values, with the overflow series among them once it exists (its
    /// values all `__overflow__`; `labels` with those values returns it): what saving the family's
    /// state reads.
    public var series: [Histogram] { core.allSeries }

    /// Where lookups folded into the overflow series are counted:
    /// `commswatch_metric_series_overflow_total{metric="<name>"}` in the registry.
    public var overflowCounter: Counter? { core.overflowCounter }
}
