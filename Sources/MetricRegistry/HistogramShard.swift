import Glibc
import Synchronization

/// One CPU's share of a histogram series: client_golang's hot/cold pair of counts in one
/// cache-line-aligned run of atomics.
///
/// Layout: word 0 is `countAndHotIndex` (observations started in the low 63 bits, the hot half in the
/// top bit); each half is then `count`, `sum` (a Double's bits) and one non-cumulative count per bucket.
/// Threads on different CPUs write different shards, so two writers of one series do not fight over
/// the same cache lines.
final class HistogramShard: Sendable {
    private let words: AtomicArray<UInt64>
    private let bucketCount: Int

    private static let hotBit: UInt64 = 1 << 63
    private static let wordsPerCacheLine = 8

    init(bucketCount: Int) {
        self.bucketCount = bucketCount
        let needed = 1 + 2 * (2 + bucketCount)
        let rounded = (needed + Self.wordsPerCacheLine - 1) / Self.wordsPerCacheLine * Self.wordsPerCacheLine
        words = AtomicArray(count: rounded, initialValue: 0)
    }

    /// Records one observation into the hot half. The half's `count` is incremented last, with release
    /// ordering, so a snapshot that sees the count it waits for also sees the bucket and sum.
    @inline(__always)
    func observe(_ value: Double, bucket: Int) {
        let word = words[0].wrappingAdd(1, ordering: .sequentiallyConsistent).newValue
        let half = halfStart(word)
        words[half + 2 + bucket].wrappingAdd(1, ordering: .relaxed)
        words[half + 1].add(double: value)
        words[half].wrappingAdd(1, ordering: .releasing)
    }

    /// Records `observations` (the sum of `bucketCounts`) at once, as `observe` records one.
    func add(observations: UInt64, bucketCounts: [UInt64], sum: Double) {
        let word = words[0].wrappingAdd(observations, ordering: .sequentiallyConsistent).newValue
        let half = halfStart(word)
        for (bucket, count) in bucketCounts.enumerated() { words[half + 2 + bucket].wrappingAdd(count, ordering: .relaxed) }
        words[half + 1].add(double: sum)
        words[half].wrappingAdd(observations, ordering: .releasing)
    }

    /// Flips the hot half, waits for observations already counted to finish in the cold one, reads it
    /// and folds it into the new hot half. Callers serialize snapshots (observations need no lock).
    func snapshot(into bucketCounts: inout [UInt64], sum: inout Double) -> UInt64 {
        let word = words[0].wrappingAdd(Self.hotBit, ordering: .sequentiallyConsistent).newValue
        let observed = word & ~Self.hotBit
        let hot = halfStart(word)
        let cold = halfStart(word ^ Self.hotBit)
        while words[cold].load(ordering: .acquiring) != observed {
            sched_yield()
        }
        let coldSum = words[cold + 1].loadDouble()
        sum += coldSum
        for bucket in 0..<bucketCount {
            let count = words[cold + 2 + bucket].load(ordering: .relaxed)
            bucketCounts[bucket] += count
            words[hot + 2 + bucket].wrappingAdd(count, ordering: .relaxed)
            words[cold + 2 + bucket].store(0, ordering: .relaxed)
        }
        words[hot + 1].add(double: coldSum)
        words[cold + 1].store(0, ordering: .relaxed)
        words[hot].wrappingAdd(observed, ordering: .relaxed)
        words[cold].store(0, ordering: .relaxed)
        return observed
    }

    @inline(__always)
    private func halfStart(_ word: UInt64) -> Int {
        word & Self.hotBit == 0 ? 1 : 3 + bucketCount
    }
}
