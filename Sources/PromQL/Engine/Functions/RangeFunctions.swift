import PrometheusModel

/// Functions over range vectors: the rate family and the `_over_time` aggregations.
enum RangeFunctions {
    /// The window a range selector covered, `(start, end]`, and the query's evaluation time (ms).
    struct Window {
        var start: Int64
        var end: Int64
        var evaluationTime: Int64
    }

    /// Returns nil when the series yields no output sample.
    typealias Function = @Sendable (_ samples: ArraySlice<Sample>, _ window: Window, _ scalars: [Double]) -> Double?

    static let table: [String: Function] = {
        var table: [String: Function] = [:]
        table["rate"] = { samples, window, _ in extrapolatedDelta(samples, window, counter: true, perSecond: true) }
        table["increase"] = { samples, window, _ in extrapolatedDelta(samples, window, counter: true, perSecond: false) }
        table["delta"] = { samples, window, _ in extrapolatedDelta(samples, window, counter: false, perSecond: false) }
        table["irate"] = { samples, _, _ in instant(samples, perSecond: true) }
        table["idelta"] = { samples, _, _ in instant(samples, perSecond: false) }
        table["deriv"] = { samples, _, _ in samples.count < 2 ? nil : linearRegression(samples, interceptTime: samples.first!.timestamp).slope }
        table["predict_linear"] = { samples, window, scalars in
            guard samples.count >= 2 else { return nil }
            let fit = linearRegression(samples, interceptTime: window.evaluationTime)
            return fit.slope * scalars[0] + fit.intercept
        }
        table["changes"] = { samples, _, _ in
            Double(zip(samples, samples.dropFirst()).filter { $0.value != $1.value && !($0.value.isNaN && $1.value.isNaN) }.count)
        }
        table["resets"] = { samples, _, _ in Double(zip(samples, samples.dropFirst()).filter { $1.value < $0.value }.count) }
        table["avg_over_time"] = { samples, _, _ in KahanSum.mean(samples.map(\.value)) }
        table["sum_over_time"] = { samples, _, _ in
            var total = KahanSum()
            for sample in samples { total.add(sample.value) }
            return total.value
        }
        table["count_over_time"] = { samples, _, _ in Double(samples.count) }
        table["min_over_time"] = { samples, _, _ in
            samples.dropFirst().reduce(samples.first!.value) { current, sample in current.isNaN || sample.value < current ? sample.value : current }
        }
        table["max_over_time"] = { samples, _, _ in
            samples.dropFirst().reduce(samples.first!.value) { current, sample in current.isNaN || sample.value > current ? sample.value : current }
        }
        table["last_over_time"] = { samples, _, _ in samples.last?.value }
        table["first_over_time"] = { samples, _, _ in samples.first?.value }
        table["ts_of_first_over_time"] = { samples, _, _ in samples.first.map { Double($0.timestamp) / 1000 } }
        table["ts_of_last_over_time"] = { samples, _, _ in samples.last.map { Double($0.timestamp) / 1000 } }
        table["ts_of_min_over_time"] = { samples, _, _ in extremeTimestamp(samples) { $0 <= $1 } }
        table["ts_of_max_over_time"] = { samples, _, _ in extremeTimestamp(samples) { $0 >= $1 } }
        table["mad_over_time"] = { samples, _, _ in
            if samples.contains(where: \.value.isNaN) { return .nan }
            let median = Evaluator.quantile(0.5, samples.map(\.value))
            return Evaluator.quantile(0.5, samples.map { Swift.abs($0.value - median) })
        }
        table["double_exponential_smoothing"] = { samples, _, scalars in doubleExponentialSmoothing(samples, scalars[0], scalars[1]) }
        table["present_over_time"] = { _, _, _ in 1 }
        table["absent_over_time"] = { _, _, _ in nil }
        table["stddev_over_time"] = { samples, _, _ in KahanSum.variance(samples.map(\.value)).squareRoot() }
        table["stdvar_over_time"] = { samples, _, _ in KahanSum.variance(samples.map(\.value)) }
        table["quantile_over_time"] = { samples, _, scalars in Evaluator.quantile(scalars[0], samples.map(\.value)) }
        return table
    }()

    /// `rate`, `increase` and `delta`: the change over the samples, corrected for counter resets,
    /// then extrapolated towards the window edges as Prometheus does (never past the point where
    /// a counter would have been zero, and only half an average interval when the gap is large).
    static func extrapolatedDelta(_ samples: ArraySlice<Sample>, _ window: Window, counter: Bool, perSecond: Bool) -> Double? {
        guard samples.count >= 2, let first = samples.first, let last = samples.last else { return nil }
        var result = last.value - first.value
        if counter {
            for (previous, current) in zip(samples, samples.dropFirst()) where current.value < previous.value {
                result += previous.value
            }
        }
        var toStart = Double(first.timestamp - window.start) / 1000
        let toEnd = Double(window.end - last.timestamp) / 1000
        let sampled = Double(last.timestamp - first.timestamp) / 1000
        let average = sampled / Double(samples.count - 1)
        if counter && result > 0 && first.value >= 0 {
            toStart = min(toStart, sampled * (first.value / result))
        }
        let threshold = average * 1.1
        var interval = sampled
        interval += toStart >= threshold ? average / 2 : toStart
        interval += toEnd >= threshold ? average / 2 : toEnd
        var factor = interval / sampled
        if perSecond { factor /= Double(window.end - window.start) / 1000 }
        return result * factor
    }

    /// The time (seconds) of the last sample whose value is extreme by `better` (NaN loses to any number).
    static func extremeTimestamp(_ samples: ArraySlice<Sample>, _ better: (Double, Double) -> Bool) -> Double? {
        var best = samples.first!
        for sample in samples.dropFirst() where best.value.isNaN || better(sample.value, best.value) {
            best = sample
        }
        return Double(best.timestamp) / 1000
    }

    /// Holt's linear smoothing with smoothing factor `sf` and trend factor `tf`; the last smoothed value.
    static func doubleExponentialSmoothing(_ samples: ArraySlice<Sample>, _ sf: Double, _ tf: Double) -> Double? {
        let values = samples.map(\.value)
        guard values.count >= 2 else { return nil }
        var (previous, smoothed) = (0.0, values[0])
        var trend = values[1] - values[0]
        for index in 1..<values.count {
            if index > 1 { trend = tf * (smoothed - previous) + (1 - tf) * trend }
            let next = sf * values[index] + (1 - sf) * (smoothed + trend)
            (previous, smoothed) = (smoothed, next)
        }
        return smoothed
    }

    /// `irate` and `idelta`: from the last two samples only.
    static func instant(_ samples: ArraySlice<Sample>, perSecond: Bool) -> Double? {
        guard samples.count >= 2 else { return nil }
        let last = samples[samples.endIndex - 1]
        let previous = samples[samples.endIndex - 2]
        guard perSecond else { return last.value - previous.value }
        let interval = last.timestamp - previous.timestamp
        guard interval > 0 else { return nil }
        let change = last.value < previous.value ? last.value : last.value - previous.value
        return change / (Double(interval) / 1000)
    }

    /// Least-squares fit of value over time (seconds relative to `interceptTime`), with compensated sums.
    static func linearRegression(_ samples: ArraySlice<Sample>, interceptTime: Int64) -> (slope: Double, intercept: Double) {
        let initial = samples.first!.value
        if samples.allSatisfy({ $0.value == initial }) {
            return initial.isInfinite ? (.nan, .nan) : (0, initial)
        }
        var (sumX, sumY, sumXY, sumX2) = (KahanSum(), KahanSum(), KahanSum(), KahanSum())
        for sample in samples {
            let x = Double(sample.timestamp - interceptTime) / 1000
            sumX.add(x)
            sumY.add(sample.value)
            sumXY.add(x * sample.value)
            sumX2.add(x * x)
        }
        let n = Double(samples.count)
        let covariance = sumXY.value - sumX.value * sumY.value / n
        let variance = sumX2.value - sumX.value * sumX.value / n
        let slope = covariance / variance
        return (slope, sumY.value / n - slope * sumX.value / n)
    }
}
