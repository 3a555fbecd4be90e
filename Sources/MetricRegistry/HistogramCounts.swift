import Synchronization

/// One half of a histogram's hot/cold pair: per-bucket counts (not cumulative), sum and count.
///
/// Buckets are non-cumulative so an observation touches one bucket, not every bucket above it;
/// writers add them up at exposition time.
final class HistogramCounts: Sendable {
    /// Observations per bucket; the last one is the `+Inf` bucket.
    let buckets: AtomicArray<UInt64>
    let sumBits = Atomic<UInt64>(0)  // bit pattern of a Double; 0 is +0.0
    /// Completed observations. Incremented last, with release ordering, so a reader that sees the
    /// count it waits for also sees those observations' bucket and sum updates.
    let count = Atomic<UInt64>(0)

    init(bucketCount: Int) {
        buckets = AtomicArray(count: bucketCount, initialValue: 0)
    }

    func record(_ value: Double, bucket: Int) {
        buckets[bucket].wrappingAdd(1, ordering: .relaxed)
        sumBits.add(double: value)
        count.wrappingAdd(1, ordering: .releasing)
    }
}
