/// A gauge metric with a label vector: `family.labels("eu").set(3)`.
public final class GaugeFamily: Sendable {
    let core: MetricFamily<Gauge>

    init(core: MetricFamily<Gauge>) {
        self.core = core
    }

    /// The gauge for these label values, in declared label order; created on first use.
    /// Lock-free when it exists.
    public func labels(_ values: String...) -> Gauge {
        core.series(for: values)
    }

    /// The gauge for these label values, in declared label order.
    public func labels(values: [String]) -> Gauge {
        core.series(for: values)
    }

    public var name: String { core.descriptor.name }
    public var labelNames: [String] { core.descriptor.labelNames }

    /// Every series, sorted by label values, with the overflow series among them once it exists (its
    /// values all `__overflow__`; `labels` with those values returns it): what saving the family's
    /// state reads.
    public var series: [Gauge] { core.allSeries }

    /// Where lookups folded into the overflow series are counted:
    /// `commswatch_metric_series_overflow_total{metric="<name>"}` in the registry.
    public var overflowCounter: Counter? { core.overflowCounter }
}
