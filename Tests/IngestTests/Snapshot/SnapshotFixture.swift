import Ingest
import MetricRegistry
import TestSupport
import Testing

/// A processor with its own registry, window and ingest pipeline, on a shared manual clock: one side
/// of a snapshot round trip.
struct SnapshotInstance {
    static let start = 1_800_000_000.0

    let registry: MetricRegistry
    let window: IdempotencyWindow
    let processor: EventProcessor
    let pipeline: IngestPipeline

    init(clock: ManualClock, seriesLimit: Int = 10_000, capacity: Int = 100_000) {
        registry = MetricRegistry(seriesLimit: seriesLimit)
        window = IdempotencyWindow(capacity: capacity)
        processor = EventProcessor(registry: registry, window: window, now: { clock.now })
        pipeline = IngestPipeline(processor: processor, hasher: PersonalDataHasher(key: [1]), registry: registry)
    }

    /// A fresh instance with this one's snapshot restored into it.
    func restored(clock: ManualClock, seriesLimit: Int = 10_000, capacity: Int = 100_000) throws -> SnapshotInstance {
        let copy = SnapshotInstance(clock: clock, seriesLimit: seriesLimit, capacity: capacity)
        try copy.processor.restoreState(from: processor.snapshotState())
        return copy
    }

    @discardableResult
    func ingest(_ lines: [String]) throws -> IngestReport {
        let report = try pipeline.ingestNDJSONWaiting(Array(lines.joined(separator: "\n").utf8))
        #expect(report.rejected.isEmpty, "\(report.rejected.prefix(3))")
        return report
    }

    /// Every series the processor derives from events, by rendered name and labels: all families
    /// (the dispute and analytics gauges included) but the pipeline's own `commswatch_events_*`.
    var derivedSeries: [String: SeriesValue] {
        var series: [String: SeriesValue] = [:]
        for family in registry.snapshot() {
            for member in family.series {
                let key = String(decoding: member.labels.rendered, as: UTF8.self)
                if !key.contains("commswatch_events_") { series[key] = member.value }
            }
        }
        return series
    }

    /// Where two sets of series differ, for a readable failure. Histogram sums may differ by `sumTolerance`
    /// (relative): once observations are added after a restore they can round differently, since the
    /// saved series had its sum split across CPUs.
    static func differences(_ left: [String: SeriesValue], _ right: [String: SeriesValue], sumTolerance: Double = 0) -> [String] {
        var found: [String] = []
        for key in Set(left.keys).union(right.keys).sorted() {
            switch (left[key], right[key]) {
            case (let a?, let b?) where a == b:
                continue
            case (.histogram(let a)?, .histogram(let b)?)
            where a.bucketCounts == b.bucketCounts && abs(a.sum - b.sum) <= sumTolerance * max(1, abs(a.sum), abs(b.sum)):
                continue
            case (let a, let b):
                found.append("\(key): \(a.map { "\($0)" } ?? "absent") vs \(b.map { "\($0)" } ?? "absent")")
            }
        }
        return found
    }

    /// One NDJSON line: the event `name` with `id`, timestamped `secondsAgo` before `start`.
    static func event(_ name: String, id: String, secondsAgo: Int, _ properties: String) -> String {
        let milliseconds = Int(start) * 1000 - secondsAgo * 1000
        return #"{"event":"\#(name)","event_id":"\#(id)","timestamp":\#(milliseconds),"properties":{\#(properties)}}"#
    }
}
