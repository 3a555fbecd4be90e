import PromQL
import PrometheusModel

/// The series of one metric name. Selectors read them in `Labels` order, which Prometheus's results
/// follow, so the order is computed once when the set of series changes (rarely after start-up)
/// rather than sorting every query's result.
struct MetricGroup: Sendable {
    private var position: [Labels: Int] = [:]
    private var labels: [Labels] = []
    private var buffers: [SeriesBuffer] = []
    /// Positions in `Labels` order; nil after a series was added or removed.
    private var order: [Int]?

    var count: Int { labels.count }
    var isEmpty: Bool { labels.isEmpty }

    mutating func append(_ sample: Sample, to series: Labels) {
        if let index = position[series] {
            buffers[index].append(sample)
            return
        }
        position[series] = labels.count
        labels.append(series)
        buffers.append(SeriesBuffer())
        buffers[buffers.count - 1].append(sample)
        order = nil
    }

    /// Drops samples older than `oldest` and forgets the series left without any.
    mutating func expire(before oldest: Int64) {
        for index in buffers.indices { buffers[index].expire(before: oldest) }
        guard buffers.contains(where: \.isEmpty) else { return }
        let kept = buffers.indices.filter { !buffers[$0].isEmpty }
        labels = kept.map { labels[$0] }
        buffers = kept.map { buffers[$0] }
        position = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        order = nil
    }

    /// Calls `found` with each series matching `matches`, in `Labels` order, with its samples in `range`
    /// when there are any.
    mutating func visit(in range: ClosedRange<Int64>, where matches: (Labels) -> Bool, _ found: (Labels, ArraySlice<Sample>) -> Void) {
        if order == nil { order = labels.indices.sorted { labels[$0] < labels[$1] } }
        for index in order! where matches(labels[index]) {
            let samples = buffers[index].samples(in: range)
            if !samples.isEmpty { found(labels[index], samples) }
        }
    }
}
