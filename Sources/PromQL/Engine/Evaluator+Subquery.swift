import PrometheusModel

/// `expr[range:step]`: the inner expression evaluated at every multiple of the step inside
/// `(t − range, t]`, giving a range vector.
extension Evaluator {
    /// The default sub-step when a subquery omits its step (Prometheus's default evaluation interval).
    static let defaultSubqueryStep: Int64 = 60_000

    func evaluateSubquery(_ node: SubqueryExpr) throws(EvaluationError) -> (series: [MatrixSeries], window: RangeFunctions.Window) {
        let base: Int64
        switch node.at {
        case .none: base = time
        case .timestamp(let milliseconds): base = milliseconds
        case .start: base = start
        case .end: base = end
        }
        let end = base - node.offset
        let windowStart = end - node.range
        let step = node.step > 0 ? node.step : Self.defaultSubqueryStep
        var first = step * (windowStart / step)
        if first <= windowStart { first += step }
        var order: [Labels] = []
        var series: [Labels: MatrixSeries] = [:]
        var at = first
        while at <= end {
            let inner = Evaluator(storage: storage, lookbackDelta: lookbackDelta, time: at, start: start, end: self.end)
            let samples: [VectorSample]
            switch try inner.evaluate(node.expr) {
            case .vector(let vector): samples = vector
            case .scalar(let value): samples = [VectorSample(labels: Labels(), value: value)]
            case .string, .matrix: throw EvaluationError("subquery needs a scalar or an instant vector")
            }
            for sample in samples {
                if series[sample.labels] == nil {
                    order.append(sample.labels)
                    series[sample.labels] = MatrixSeries(labels: sample.labels, samples: [], dropsName: sample.dropsName)
                }
                series[sample.labels]!.samples.append(Sample(timestamp: at, value: sample.value))
            }
            at += step
        }
        return (order.map { series[$0]! }, RangeFunctions.Window(start: windowStart, end: end, evaluationTime: time))
    }
}
