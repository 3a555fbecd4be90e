import Glibc
import Synchronization

/// A distribution of observations for one label set, in fixed buckets.
///
/// `observe` is lock-free and snapshots are consistent (`_count` equals the `+Inf` bucket equals
/// the sum of all buckets, and `_sum` covers the same observations), using client_golang's hot/cold
/// scheme: `countAndHotIndex` counts observations in its low 63 bits and names the hot half in its
/// top bit. An observation adds one to it and records into the half the top bit names. A snapshot
/// (serialized by a mutex that `observe` never touches) flips the top bit, so new observations go
/// to the other half, waits until the now-cold half has completed every observation counted before
/// the flip, reads it, adds it into the new hot half and zeroes it.
public final class Histogram: Sendable, LabeledSeries {
    public let labels: SeriesLabels
    let labelHash: Int
    let buckets: HistogramBuckets
    private let countAndHotIndex = Atomic<UInt64>(0)
    private let halves: (HistogramCounts, HistogramCounts)
    private let snapshotLock = Mutex(())

    private static let hotBit: UInt64 = 1 << 63

    init(labels: SeriesLabels, labelHash: Int, buckets: HistogramBuckets) {
        self.labels = labels
        self.labelHash = labelHash
        self.buckets = buckets
        let bucketCount = buckets.upperBounds.count + 1
        halves = (HistogramCounts(bucketCount: bucketCount), HistogramCounts(bucketCount: bucketCount))
    }

    /// Records one observation. NaN lands in the `+Inf` bucket and makes `_sum` NaN.
    public func observe(_ value: Double) {
        let bucket = buckets.index(for: value)
        let word = countAndHotIndex.wrappingAdd(1, ordering: .sequentiallyConsistent).newValue
        half(word).record(value, bucket: bucket)
    }

    /// A consistent view of all observations so far.
    public func snapshot() -> HistogramSnapshot {
        snapshotLock.withLock { _ in
            let word = countAndHotIndex.wrappingAdd(Self.hotBit, ordering: .sequentiallyConsistent).newValue
            let observed = word & ~Self.hotBit
            let hot = half(word)
            let cold = half(word ^ Self.hotBit)
            while cold.count.load(ordering: .acquiring) != observed {
                sched_yield()
            }
            var bucketCounts = [UInt64](repeating: 0, count: cold.buckets.count)
            for index in 0..<cold.buckets.count {
                bucketCounts[index] = cold.buckets[index].load(ordering: .relaxed)
            }
            let sum = cold.sumBits.loadDouble()

            hot.count.wrappingAdd(observed, ordering: .relaxed)
            cold.count.store(0, ordering: .relaxed)
            for index in 0..<cold.buckets.count {
                hot.buckets[index].wrappingAdd(bucketCounts[index], ordering: .relaxed)
                cold.buckets[index].store(0, ordering: .relaxed)
            }
            hot.sumBits.add(double: sum)
            cold.sumBits.store(0, ordering: .relaxed)
            return HistogramSnapshot(bucketCounts: bucketCounts, sum: sum, count: observed)
        }
    }

    private func half(_ word: UInt64) -> HistogramCounts {
        word & Self.hotBit == 0 ? halves.0 : halves.1
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
