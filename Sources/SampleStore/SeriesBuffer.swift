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
        let live = samples[start...]
        let lower = live.partitioningIndex { $0.timestamp >= range.lowerBound }
        let upper = live[lower...].partitioningIndex { $0.timestamp > range.upperBound }
        return live[lower..<upper]
    }
}

extension Collection {
    /// The first index whose element satisfies `belongsInSecondPart` (which must be false, then true).
    func partitioningIndex(where belongsInSecondPart: (Element) -> Bool) -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if belongsInSecondPart(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}
