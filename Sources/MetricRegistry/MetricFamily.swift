import PrometheusModel
import Synchronization

/// The series of one metric name: label lookup, the series limit and overflow folding.
///
/// Shared by counter, gauge and histogram families. Once `seriesLimit` series exist, every new
/// label set maps to one overflow series whose label values are all `"__overflow__"` (that literal
/// label set also maps there), and each folded lookup adds one to the registry's
/// `commswatch_metric_series_overflow_total{metric="<name>"}`. That counter exists (at zero) from
/// registration, so `rate()` and alerts see the very first fold. Series are never removed, so a
/// full family stays full, and after the first fold, folded lookups are lock-free too.
final class MetricFamily<Series: LabeledSeries>: Sendable {
    static var overflowLabelValue: String { "__overflow__" }

    let descriptor: MetricDescriptor
    let seriesLimit: Int
    private let table = LabelTable<Series>()
    private let overflow = AtomicLazyReference<Series>()
    /// Set once the table has refused a new label set for lack of room.
    private let isFull = Atomic<Bool>(false)
    private let makeSeries: @Sendable (SeriesLabels, Int) -> Series
    let overflowCounter: Counter?

    /// `overflowCounter` is the counter folds are counted in; nil for the family that holds those
    /// counters, so counting can never recurse.
    init(
        descriptor: MetricDescriptor,
        seriesLimit: Int,
        overflowCounter: Counter?,
        makeSeries: @escaping @Sendable (SeriesLabels, Int) -> Series
    ) {
        precondition(seriesLimit >= 1, "seriesLimit must be at least 1, got \(seriesLimit)")
        self.descriptor = descriptor
        self.seriesLimit = seriesLimit
        self.overflowCounter = overflowCounter
        self.makeSeries = makeSeries
        if descriptor.labelNames.isEmpty {
            _ = series(for: [])  // an unlabelled metric is exposed (at zero) from registration on
        }
    }

    /// The series for `values`, created on first use. Lock-free when it exists.
    func series(for values: [String]) -> Series {
        precondition(
            values.count == descriptor.labelNames.count,
            "\(descriptor.name) takes values for labels \(descriptor.labelNames), got \(values)"
        )
        let hash = LabelHash.of(values)
        if let existing = table.lookup(values, hash: hash) { return existing }
        let isOverflowLabelSet = !values.isEmpty && values.allSatisfy { $0 == Self.overflowLabelValue }
        if !isOverflowLabelSet {
            if isFull.load(ordering: .acquiring), let target = overflow.load() { return fold(into: target) }
            if let created = table.insert(values, hash: hash, limit: seriesLimit, make: { make(values, hash: hash) }) {
                return created
            }
        }
        let overflowValues = [String](repeating: Self.overflowLabelValue, count: values.count)
        let target = overflow.load() ?? overflow.storeIfNil(make(overflowValues, hash: LabelHash.of(overflowValues)))
        if isOverflowLabelSet { return target }
        isFull.store(true, ordering: .releasing)
        return fold(into: target)
    }

    /// All series sorted by label values, the overflow series among them once it exists.
    var allSeries: [Series] {
        var members = table.members
        if let folded = overflow.load() {
            let position = members.firstIndex { !$0.labels.values.lexicographicallyPrecedes(folded.labels.values) }
            members.insert(folded, at: position ?? members.count)
        }
        return members
    }

    private func fold(into target: Series) -> Series {
        overflowCounter?.increment()
        return target
    }

    private func make(_ values: [String], hash: Int) -> Series {
        makeSeries(SeriesLabels(metricName: descriptor.name, labelNames: descriptor.labelNames, values: values), hash)
    }
}
