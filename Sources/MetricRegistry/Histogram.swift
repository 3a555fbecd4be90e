import CLinux
import Glibc
import Synchronization

/// A distribution of observations for one label set, in fixed buckets.
///
/// `observe` is lock-free and snapshots are consistent (`_count` equals the `+Inf` bucket equals
/// the sum of all buckets, and `_sum` covers the same observations). Counts live in one
/// `HistogramShard` per CPU (client_golang's hot/cold scheme inside each); an observation goes to the
/// shard of the CPU it runs on, so concurrent writers of one series rarely share a cache line.
/// A snapshot (serialized by a mutex that `observe` never touches) drains every shard and adds them up.
public final class Histogram: Sendable, LabeledSeries {
    public let labels: SeriesLabels
    let labelHash: Int
    let buckets: HistogramBuckets
    private let shards: [HistogramShard]
    private let snapshotLock = Mutex(())

    /// A power of two at least the number of online CPUs (at most 64), so `cpu & mask` picks a shard.
    private static let shardMask: Int = {
        let cpus = max(1, min(64, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        var shards = 1
        while shards < cpus { shards <<= 1 }
        return shards - 1
    }()

    init(labels: SeriesLabels, labelHash: Int, buckets: HistogramBuckets) {
        self.labels = labels
        self.labelHash = labelHash
        self.buckets = buckets
        let bucketCount = buckets.upperBounds.count + 1
        shards = (0...Self.shardMask).map { _ in HistogramShard(bucketCount: bucketCount) }
    }

    /// Records one observation. NaN lands in the `+Inf` bucket and makes `_sum` NaN.
    public func observe(_ value: Double) {
        // sched_getcpu reads the kernel's restartable-sequence area (no system call); a thread that
        // moves CPU meanwhile only shares a shard, which the atomics make safe.
        shards[Int(sched_getcpu()) & Self.shardMask].observe(value, bucket: buckets.index(for: value))
    }

    /// Adds counts read from another histogram's `snapshot()` (`bucketCounts` per bucket, not
    /// cumulative, `+Inf` last, and their `sum`) as if those observations had been made here: restoring
    /// saved state, before the series is served. Lock-free, like `observe`. The restored `_sum` is
    /// exact; later observations may round differently from the saved series', whose sum was split
    /// across CPUs, as they already do between runs. The counts must add up to less than 2⁶², far
    /// beyond what a process observes, since the count shares a word with the hot-half bit.
    public func restore(bucketCounts: [UInt64], sum: Double) {
        precondition(
            bucketCounts.count == buckets.upperBounds.count + 1,
            "\(labels.renderedText) has \(buckets.upperBounds.count + 1) buckets, not \(bucketCounts.count)"
        )
        let observations = bucketCounts.reduce(0, +)
        precondition(observations < 1 << 62, "\(labels.renderedText) cannot take \(observations) observations")
        shards[0].add(observations: observations, bucketCounts: bucketCounts, sum: sum)
    }

    /// A consistent view of all observations so far.
    public func snapshot() -> HistogramSnapshot {
        snapshotLock.withLock { _ in
            var bucketCounts = [UInt64](repeating: 0, count: buckets.upperBounds.count + 1)
            var sum = 0.0
            var count: UInt64 = 0
            for shard in shards {
                count += shard.snapshot(into: &bucketCounts, sum: &sum)
            }
            return HistogramSnapshot(bucketCounts: bucketCounts, sum: sum, count: count)
        }
    }
}

/// The counts of one histogram series at one moment.
public struct HistogramSnapshot: Sendable, Hashable {
    /// Observations per bucket, not cumulative: one entry per upper bound, then the `+Inf` bucket.
    public let bucketCounts: [UInt64]
    public let sum: Double
    /// The number of observations; always the sum of `bucketCounts`.
    public let count: UInt64

    public init(bucketCounts: [UInt64], sum: Double, count: UInt64) {
        self.bucketCounts = bucketCounts
        self.sum = sum
        self.count = count
    }
}
