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
}
