public import MetricRegistry
public import PromQL
public import PrometheusModel
import Synchronization

/// The recent history of the service's own series, kept in memory so alert rules can be evaluated
/// in-process: at each evaluation tick the registry is sampled into one buffer per series, much as
/// Prometheus would scrape it (same series names and `le` labels as the exposition).
///
/// Memory: 16 bytes per sample, so a series sampled every 15 s for one hour of retention costs
/// about 4 KB plus its labels; each metric keeps only what its `RetentionPolicy` asks for. Series
/// that disappear get a staleness marker, as Prometheus writes one when a target stops exposing a
/// series, and are forgotten once all their samples expire.
public final class SampleStore: Sendable {
    /// A series and its samples within a queried time range (the engine's `StoredSeries`).
    public typealias Series = StoredSeries

    private struct State {
        /// Series grouped by metric name ("" for none), so a selector with a name walks only its own
        /// series, and reads each buffer in place instead of hashing its labels again.
        var byName: [String: MetricGroup] = [:]
        /// Series written by the last `append(_:at:)`, to find those that vanished.
        var lastScrape: Set<Labels> = []
        var retention: RetentionPolicy
    }

    private let state: Mutex<State>

    /// Keeps `retention` ms of samples for every series.
    public convenience init(retention: Int64) {
        self.init(retention: RetentionPolicy(minimum: retention))
    }

    public init(retention: RetentionPolicy) {
        state = Mutex(State(retention: retention))
    }

    /// How long samples are kept. Changing it keeps the samples held; a longer retention fills up as
    /// time passes, a shorter one applies at the next `append(_:at:)`.
    public var retention: RetentionPolicy {
        get { state.withLock { $0.retention } }
        set { state.withLock { $0.retention = newValue } }
    }

    /// Records a registry snapshot taken at `timestamp` (ms). Series of the previous snapshot that are
    /// missing from this one get a staleness marker.
    public func append(_ families: [MetricFamilySnapshot], at timestamp: Int64) {
        let samples = Self.flatten(families)
        state.withLock { state in
            var seen = Set<Labels>()
            seen.reserveCapacity(samples.count)
            for (labels, value) in samples {
                Self.add(labels, Sample(timestamp: timestamp, value: value), to: &state)
                seen.insert(labels)
            }
            for vanished in state.lastScrape.subtracting(seen) {
                Self.add(vanished, .staleMarker(at: timestamp), to: &state)
            }
            state.lastScrape = seen
            Self.expire(at: timestamp, in: &state)
        }
    }

    /// Records one sample of a series that does not come from the registry (rule results such as `ALERTS`).
    public func append(_ labels: Labels, _ sample: Sample) {
        state.withLock { Self.add(labels, sample, to: &$0) }
    }

    /// Calls `body` with each series whose labels satisfy `matches` and its samples in `range`
    /// (ms, inclusive), in `Labels` order, holding the store's lock. `name`, when the selector has
    /// one, limits the search to series of that metric.
    public func forEachSeries(
        name: String?, in range: ClosedRange<Int64>, where matches: (Labels) -> Bool,
        _ body: (Labels, ArraySlice<Sample>) -> Void
    ) {
        state.withLock { state in
            if let name {
                state.byName[name]?.visit(in: range, where: matches, body)
                return
            }
            var found: [Series] = []
            for name in Array(state.byName.keys) {
                state.byName[name]!.visit(in: range, where: matches) { found.append(Series(labels: $0, samples: $1)) }
            }
            for series in found.sorted(by: { $0.labels < $1.labels }) { body(series.labels, series.samples) }
        }
    }

    /// Series held right now (including those only kept for their stale tail).
    public var seriesCount: Int { state.withLock { $0.byName.values.reduce(0) { $0 + $1.count } } }

    private static func add(_ labels: Labels, _ sample: Sample, to state: inout State) {
        state.byName[labels.metricName ?? "", default: MetricGroup()].append(sample, to: labels)
    }

    private static func expire(at now: Int64, in state: inout State) {
        for name in Array(state.byName.keys) {
            state.byName[name]!.expire(before: now - state.retention.retention(for: name))
            if state.byName[name]!.isEmpty { state.byName[name] = nil }
        }
    }

    /// One (labels, value) per exposed sample line: histograms become cumulative `_bucket` series with
    /// `le` labels written as in the text exposition, plus `_sum` and `_count`.
    static func flatten(_ families: [MetricFamilySnapshot]) -> [(Labels, Double)] {
        var out: [(Labels, Double)] = []
        for family in families {
            for series in family.series {
                let base = zip(family.labelNames, series.labels.values).map { ($0, $1) }
                switch series.value {
                case .scalar(let value):
                    out.append((Labels([("__name__", family.name)] + base), value))
                case .histogram(let histogram):
                    var cumulative: UInt64 = 0
                    for (index, count) in histogram.bucketCounts.enumerated() {
                        cumulative += count
                        let bound = index < family.bucketBounds.count ? NumberFormat.string(family.bucketBounds[index]) : "+Inf"
                        out.append((Labels([("__name__", family.name + "_bucket")] + base + [("le", bound)]), Double(cumulative)))
                    }
                    out.append((Labels([("__name__", family.name + "_sum")] + base), histogram.sum))
                    out.append((Labels([("__name__", family.name + "_count")] + base), Double(histogram.count)))
                }
            }
        }
        return out
    }
}
