/// A counter metric with a label vector: `family.labels("GET", "200").increment()`.
public final class CounterFamily: Sendable {
    let core: MetricFamily<Counter>

    init(core: MetricFamily<Counter>) {
        self.core = core
    }

    /// The counter for these label values, in declared label order; created on first use.
    /// Lock-free when it exists.
    public func labels(_ values: String...) -> Counter {
        core.series(for: values)
    }

    /// The counter for these label values, in declared label order.
    public func labels(values: [String]) -> Counter {
        core.series(for: values)
    }

    public var name: String { core.descriptor.name }
    public var labelNames: [String] { core.descriptor.labelNames }

    /// Every series, sorted by label values, with the overflow series among them once it exists (its
    /// values all `__overflow__`; `labels` with those values returns it): what saving the family's
    /// state reads.
    public var series: [Counter] { core.allSeries }

    /// Where lookups folded into the overflow series are counted:
    /// `commswatch_metric_series_overflow_total{metric="<name>"}` in the registry.
    public var overflowCounter: Counter? { core.overflowCounter }
}
