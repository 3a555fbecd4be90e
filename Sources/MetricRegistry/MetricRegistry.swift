import PrometheusModel
import Synchronization

/// All of commswatch's metric families, plus collectors evaluated at snapshot time.
///
/// The mutex here guards only the family map, which registration and `snapshot()` touch;
/// updating a metric goes through the family and series objects handed out at registration and
/// never comes back here. Snapshots are sorted by family name, with series sorted by label values,
/// so exposition is byte-for-byte deterministic.
public final class MetricRegistry: Sendable {
    /// The counter of lookups folded into a family's overflow series, labelled `metric`, with one
    /// series per registered family from registration on.
    public static let overflowMetricName = "commswatch_metric_series_overflow_total"

    /// The most series any family holds before folding new label sets into its overflow series.
    public let seriesLimit: Int
    private let state = Mutex(State())
    private let overflowFamily: CounterFamily

    private struct State: Sendable {
        var families: [String: any RegisteredFamily] = [:]
        /// Every exposed name (see `MetricDescriptor.exposedNames`) and the family that owns it.
        var exposedNames: [String: String] = [:]
        var collectors: [any MetricCollector] = []
    }

    public init(seriesLimit: Int = 10_000) {
        precondition(seriesLimit >= 1, "seriesLimit must be at least 1, got \(seriesLimit)")
        self.seriesLimit = seriesLimit
        let descriptor = MetricDescriptor(
            name: Self.overflowMetricName,
            help: "Lookups of new label sets folded into a metric's __overflow__ series at its series limit.",
            type: .counter,
            labelNames: ["metric"],
            buckets: []
        )
        // One series per family name, which the code bounds, so this family needs no limit and,
        // having no overflow counter of its own, cannot recurse.
        overflowFamily = CounterFamily(
            core: MetricFamily(
                descriptor: descriptor, seriesLimit: .max, overflowCounter: nil, makeSeries: Counter.init)
        )
        state.withLock { Self.add(overflowFamily, to: &$0) }
    }

    /// The counter family `name`, registering it on first call. Names must end in `_total`.
    public func counter(name: String, help: String, labelNames: [String] = []) -> CounterFamily {
        let descriptor = MetricDescriptor(name: name, help: help, type: .counter, labelNames: labelNames, buckets: [])
        return register(descriptor) { CounterFamily(core: core(descriptor, makeSeries: Counter.init)) }
    }

    /// The gauge family `name`, registering it on first call.
    public func gauge(name: String, help: String, labelNames: [String] = []) -> GaugeFamily {
        let descriptor = MetricDescriptor(name: name, help: help, type: .gauge, labelNames: labelNames, buckets: [])
        return register(descriptor) { GaugeFamily(core: core(descriptor, makeSeries: Gauge.init)) }
    }

    /// The histogram family `name` with these bucket bounds, registering it on first call.
    public func histogram(
        name: String,
        help: String,
        labelNames: [String] = [],
        buckets: HistogramBuckets = .defaultBuckets
    ) -> HistogramFamily {
        let descriptor = MetricDescriptor(
            name: name,
            help: help,
            type: .histogram,
            labelNames: labelNames,
            buckets: buckets.upperBounds
        )
        return register(descriptor) {
            HistogramFamily(core: core(descriptor) { Histogram(labels: $0, labelHash: $1, buckets: buckets) })
        }
    }

    /// Adds a collector whose families join every snapshot. Its family names must not clash
    /// with registered ones (checked now, with one `collect()` call).
    public func register(collector: some MetricCollector) {
        let descriptors = collector.collect().map { family in
            MetricDescriptor(
                name: family.name, help: family.help, type: family.type, labelNames: family.labelNames, buckets: [])
        }
        state.withLock { state in
            for descriptor in descriptors {
                Self.claimExposedNames(of: descriptor, in: &state)
            }
            state.collectors.append(collector)
        }
    }

    /// Every family with at least one series, collectors' included, sorted by name.
    public func snapshot() -> [MetricFamilySnapshot] {
        let (families, collectors) = state.withLock { (Array($0.families.values), $0.collectors) }
        var snapshots = families.compactMap { $0.snapshot() }
        for collector in collectors {
            snapshots.append(contentsOf: collector.collect())
        }
        snapshots.sort { $0.name < $1.name }
        return snapshots
    }

    private func core<Series: LabeledSeries>(
        _ descriptor: MetricDescriptor,
        makeSeries: @escaping @Sendable (SeriesLabels, Int) -> Series
    ) -> MetricFamily<Series> {
        MetricFamily(
            descriptor: descriptor,
            seriesLimit: seriesLimit,
            overflowCounter: overflowFamily.labels(descriptor.name),
            makeSeries: makeSeries
        )
    }

    private func register<Family: RegisteredFamily>(_ descriptor: MetricDescriptor, make: () -> Family) -> Family {
        descriptor.validate()
        return state.withLock { state in
            if let existing = state.families[descriptor.name] {
                guard existing.descriptor == descriptor, let family = existing as? Family else {
                    preconditionFailure(descriptor.conflictMessage(with: existing.descriptor))
                }
                return family
            }
            let family = make()
            Self.add(family, to: &state)
            return family
        }
    }

    private static func add(_ family: any RegisteredFamily, to state: inout State) {
        claimExposedNames(of: family.descriptor, in: &state)
        state.families[family.descriptor.name] = family
    }

    private static func claimExposedNames(of descriptor: MetricDescriptor, in state: inout State) {
        for exposed in descriptor.exposedNames {
            if let owner = state.exposedNames[exposed] {
                preconditionFailure("metric \(descriptor.name) would expose \(exposed), which \(owner) already exposes")
            }
        }
        for exposed in descriptor.exposedNames {
            state.exposedNames[exposed] = descriptor.name
        }
    }
}
