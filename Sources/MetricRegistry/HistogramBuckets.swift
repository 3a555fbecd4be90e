/// The upper bounds of a histogram's buckets; the `+Inf` bucket is always implied.
///
/// Bounds are validated once, at registration, so `observe` can trust them: finite, strictly
/// increasing. A trailing `+Inf` is accepted and dropped, since every histogram has one.
public struct HistogramBuckets: Sendable, Hashable, ExpressibleByArrayLiteral {
    /// Finite, strictly increasing upper bounds (the `+Inf` bucket is not listed).
    public let upperBounds: [Double]

    /// Above this many bounds a binary search beats a linear scan (client_golang measured the
    /// crossover at about 35; a linear scan is cache-friendly and branch-predictable below it).
    static let linearSearchLimit = 30

    public init(_ upperBounds: [Double]) {
        var bounds = upperBounds
        if bounds.last == .infinity { bounds.removeLast() }
        for (index, bound) in bounds.enumerated() {
            precondition(
                bound.isFinite, "histogram bucket bounds must be finite (except a trailing +Inf): \(upperBounds)")
            precondition(
                index == 0 || bounds[index - 1] < bound,
                "histogram bucket bounds must increase strictly: \(upperBounds)"
            )
        }
        self.upperBounds = bounds
    }

    public init(arrayLiteral elements: Double...) {
        self.init(elements)
    }

    /// client_golang's `DefBuckets`, tuned for request latencies in seconds.
    public static let defaultBuckets: HistogramBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// `count` bounds starting at `start`, `width` apart.
    public static func linear(start: Double, width: Double, count: Int) -> HistogramBuckets {
        precondition(count >= 1 && width > 0, "linear buckets need count >= 1 and width > 0")
        return HistogramBuckets((0..<count).map { start + Double($0) * width })
    }

    /// `count` bounds starting at `start`, each `factor` times the previous one.
    public static func exponential(start: Double, factor: Double, count: Int) -> HistogramBuckets {
        precondition(
            count >= 1 && start > 0 && factor > 1, "exponential buckets need count >= 1, start > 0, factor > 1")
        var bounds = [start]
        while bounds.count < count { bounds.append(bounds[bounds.count - 1] * factor) }
        return HistogramBuckets(bounds)
    }

    /// The index of the bucket `value` falls in: the first bound `>= value`, or `upperBounds.count`
    /// for the `+Inf` bucket (which also takes NaN, as in client_golang).
    func index(for value: Double) -> Int {
        if upperBounds.count <= Self.linearSearchLimit {
            for (index, bound) in upperBounds.enumerated() where value <= bound {
                return index
            }
            return upperBounds.count
        }
        var low = 0
        var high = upperBounds.count
        while low < high {
            let middle = (low + high) / 2
            if upperBounds[middle] < value {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return value.isNaN ? upperBounds.count : low
    }
}
