import PrometheusModel

/// `histogram_quantile` over classic `_bucket` series: buckets are grouped by their labels without
/// `le` (the metric name is removed only when evaluation ends, so two histograms clash then), then the quantile is interpolated linearly inside the bucket holding
/// the requested rank, after Prometheus's fix-ups for duplicate bounds and non-monotonic counts.
enum HistogramQuantile {
    struct Bucket {
        var upperBound: Double
        var count: Double
    }

    static func evaluate(_ q: Double, _ samples: [VectorSample]) -> [VectorSample] {
        groups(samples).map { VectorSample(labels: $0.labels, value: quantile(q, $0.buckets), dropsName: true) }
    }

    /// `histogram_quantiles(v, "label", q…)`: one series per quantile, labelled with it.
    static func evaluate(_ quantiles: [Double], label: String, _ samples: [VectorSample]) throws(EvaluationError) -> [VectorSample] {
        var out: [VectorSample] = []
        for group in groups(samples) {
            if group.labels[label] != nil {
                throw EvaluationError("label \"\(label)\" already exists in the input series of histogram_quantiles")
            }
            for q in quantiles {
                let labels = group.labels.setting(label, to: quantileLabel(q))
                out.append(VectorSample(labels: labels, value: quantile(q, group.buckets), dropsName: true))
            }
        }
        return out
    }

    /// The quantile as its label value: shortest decimal, with `.0` on whole numbers.
    static func quantileLabel(_ q: Double) -> String {
        let text = GoFloatFormat.shortestPositional(q)
        return q.isFinite && !text.contains(".") ? text + ".0" : text
    }

    /// Bucket series grouped by their labels without `le`, in order of first appearance; series
    /// without a parseable `le` are ignored.
    static func groups(_ samples: [VectorSample]) -> [(labels: Labels, buckets: [Bucket])] {
        var order: [Labels] = []
        var groups: [Labels: [Bucket]] = [:]
        for sample in samples {
            guard let text = sample.labels["le"], let bound = parseBound(text) else { continue }
            let key = sample.labels.removing(["le"])
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(Bucket(upperBound: bound, count: sample.value))
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// Go's `strconv.ParseFloat` for the forms `le` values take.
    static func parseBound(_ text: String) -> Double? {
        switch text.lowercased() {
        case "+inf", "inf", "+infinity", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: return Double(text)
        }
    }

    /// Sorted buckets with equal bounds merged and counts made monotonic, or nil without a `+Inf` bucket.
    static func prepared(_ unsorted: [Bucket]) -> [Bucket]? {
        let sorted = unsorted.sorted { $0.upperBound < $1.upperBound }
        guard let last = sorted.last, last.upperBound == .infinity else { return nil }
        var buckets: [Bucket] = []
        for bucket in sorted {
            if let previous = buckets.last, previous.upperBound == bucket.upperBound {
                buckets[buckets.count - 1].count += bucket.count
            } else {
                buckets.append(bucket)
            }
        }
        var maximum = -Double.infinity
        for index in buckets.indices {
            if buckets[index].count > maximum {
                maximum = buckets[index].count
            } else if buckets[index].count < maximum {
                buckets[index].count = maximum
            }
        }
        return buckets
    }

    static func quantile(_ q: Double, _ unsorted: [Bucket]) -> Double {
        if q.isNaN { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        guard let buckets = prepared(unsorted) else { return .nan }
        guard buckets.count >= 2 else { return .nan }
        let observations = buckets[buckets.count - 1].count
        guard observations > 0, !observations.isNaN else { return .nan }
        var rank = q * observations
        let index = buckets.dropLast().firstIndex { $0.count >= rank } ?? buckets.count - 1
        if index == buckets.count - 1 { return buckets[buckets.count - 2].upperBound }
        if index == 0 && buckets[0].upperBound <= 0 { return buckets[0].upperBound }
        var bucketStart = 0.0
        var count = buckets[index].count
        if index > 0 {
            bucketStart = buckets[index - 1].upperBound
            count -= buckets[index - 1].count
            rank -= buckets[index - 1].count
        }
        return bucketStart + (buckets[index].upperBound - bucketStart) * (rank / count)
    }
}
