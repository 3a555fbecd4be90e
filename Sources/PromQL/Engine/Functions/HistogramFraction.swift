import PrometheusModel

/// `histogram_fraction(lower, upper, buckets)` on classic histograms: the share of observations
/// between the two values, interpolating linearly inside the buckets that contain them.
enum HistogramFraction {
    static func evaluate(_ lower: Double, _ upper: Double, _ samples: [VectorSample]) -> [VectorSample] {
        HistogramQuantile.groups(samples).map {
            VectorSample(labels: $0.labels, value: fraction(lower, upper, $0.buckets), dropsName: true)
        }
    }

    static func fraction(_ lower: Double, _ upper: Double, _ unsorted: [HistogramQuantile.Bucket]) -> Double {
        guard let buckets = HistogramQuantile.prepared(unsorted) else { return .nan }
        let count = buckets[buckets.count - 1].count
        if count == 0 || lower.isNaN || upper.isNaN { return .nan }
        if lower >= upper { return 0 }
        var rank = 0.0
        var lowerRank: Double?
        var upperRank: Double?
        for (index, bucket) in buckets.enumerated() {
            let lowerBound = index > 0 ? buckets[index - 1].upperBound : (bucket.upperBound > 0 ? 0 : -.infinity)
            let upperBound = bucket.upperBound
            /// A bucket of infinite width contributes nothing to a partial range: its observations
            /// count as lying beyond the value.
            func interpolate(_ value: Double) -> Double {
                if lowerBound.isInfinite { return bucket.count }
                if upperBound.isInfinite { return rank }
                return rank + (bucket.count - rank) * (value - lowerBound) / (upperBound - lowerBound)
            }
            if lowerRank == nil && lowerBound >= lower { lowerRank = rank }
            if upperRank == nil && lowerBound >= upper { upperRank = rank }
            if lowerRank != nil && upperRank != nil { break }
            if lowerRank == nil && lowerBound < lower && upperBound > lower { lowerRank = interpolate(lower) }
            if upperRank == nil && lowerBound < upper && upperBound > upper { upperRank = interpolate(upper) }
            if lowerRank != nil && upperRank != nil { break }
            rank = bucket.count
        }
        return (min(upperRank ?? count, count) - min(lowerRank ?? count, count)) / count
    }
}
