/// Neumaier-compensated summation, as Prometheus uses for `sum`, `avg` and the `_over_time`
/// functions; several conformance tests depend on the exact zero it gives for `avg(x) - mean`.
struct KahanSum {
    private(set) var sum = 0.0
    private(set) var compensation = 0.0

    mutating func add(_ increment: Double) {
        let total = sum + increment
        if total.isInfinite {
            compensation = 0
        } else if sum.magnitude >= increment.magnitude {
            compensation += (sum - total) + increment
        } else {
            compensation += (increment - total) + sum
        }
        sum = total
    }

    var value: Double { sum + compensation }

    /// The mean of `values`: compensated sum divided by count, or, when the sum overflows although
    /// no value is infinite, an incremental mean that cannot overflow.
    static func mean(_ values: some Collection<Double>) -> Double {
        if values.count == 1 { return values.first! }
        var total = KahanSum()
        for value in values { total.add(value) }
        let count = Double(values.count)
        if !total.sum.isInfinite || values.contains(where: \.isInfinite) {
            return total.value / count
        }
        var mean = KahanSum()
        var seen = 0.0
        for value in values {
            seen += 1
            let current = mean.value
            mean.add(value / seen - current / seen)
        }
        return mean.value
    }

    /// Population variance by Welford's method with compensated accumulators.
    static func variance(_ values: some Collection<Double>) -> Double {
        var count = 0.0
        var mean = KahanSum()
        var aux = KahanSum()
        for value in values {
            count += 1
            let delta = value - mean.value
            mean.add(delta / count)
            aux.add(delta * (value - mean.value))
        }
        return aux.value / count
    }
}
