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
}
