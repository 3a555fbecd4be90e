import PrometheusModel

/// The recent samples of one series in time order, dropping those older than the retention.
struct SeriesBuffer: Sendable {
    private(set) var samples: [Sample] = []
    /// Samples before this index have expired and wait to be compacted away.
    private var start = 0

    var isEmpty: Bool { start == samples.count }
    var last: Sample? { isEmpty ? nil : samples[samples.count - 1] }

    /// Appends `sample` if it is newer than the last one (a repeated timestamp replaces nothing).
    mutating func append(_ sample: Sample) {
        if let last, sample.timestamp <= last.timestamp { return }
        samples.append(sample)
    }

    /// Forgets samples older than `oldest`, compacting when more than half the storage is expired.
    mutating func expire(before oldest: Int64) {
        while start < samples.count && samples[start].timestamp < oldest { start += 1 }
        if start > 0 && start * 2 >= samples.count {
            samples.removeFirst(start)
            start = 0
        }
    }

    /// The samples with `range.lowerBound <= timestamp <= range.upperBound`.
    func samples(in range: ClosedRange<Int64>) -> ArraySlice<Sample> {
        let lower = firstIndex(from: start) { $0 >= range.lowerBound }
        let upper = firstIndex(from: lower) { $0 > range.upperBound }
        return samples[lower..<upper]
    }

    /// Binary search for the first index at or after `low` whose timestamp satisfies `isLate`
    /// (false for older samples, true from some point on).
    @inline(__always)
    private func firstIndex(from low: Int, where isLate: (Int64) -> Bool) -> Int {
        var low = low
        var high = samples.count
        while low < high {
            let middle = (low + high) / 2
            if isLate(samples[middle].timestamp) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
