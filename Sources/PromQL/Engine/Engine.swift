import PrometheusModel

/// Evaluates parsed PromQL with Prometheus 3.x semantics (left-open range windows, 5-minute lookback,
/// staleness markers, delayed name removal), reading data only through a `Queryable`.
public struct Engine: Sendable {
    /// How far back an instant selector looks for a sample, in milliseconds.
    public var lookbackDelta: Int64

    /// Prometheus's default: an instant selector finds samples up to 5 minutes old.
    public static let defaultLookbackDelta: Int64 = 300_000

    public init(lookbackDelta: Int64 = Engine.defaultLookbackDelta) {
        self.lookbackDelta = lookbackDelta
    }

    /// Evaluates `expr` once at `time` (ms since the epoch).
    public func instantQuery(_ expr: Expr, at time: Int64, on storage: some Queryable) throws(EvaluationError) -> QueryValue {
        let evaluator = Evaluator(storage: storage, lookbackDelta: lookbackDelta, time: time, start: time, end: time)
        return try Self.finish(evaluator.evaluate(expr))
    }

    /// Evaluates `expr` at `start, start+step, … end` and returns one series per label set, sorted by labels.
    /// A scalar expression yields one series with no labels.
    public func rangeQuery(
        _ expr: Expr, start: Int64, end: Int64, step: Int64, on storage: some Queryable
    ) throws(EvaluationError) -> [SeriesPoints] {
        guard step > 0, end >= start else { throw EvaluationError("invalid range query: step must be positive and end not before start") }
        if expr.type == .string || expr.type == .matrix {
            throw EvaluationError("invalid expression type \"\(expr.type.documentedName)\" for range query, must be Scalar or instant Vector")
        }
        var series: [Labels: [Sample]] = [:]
        var time = start
        while time <= end {
            let evaluator = Evaluator(storage: storage, lookbackDelta: lookbackDelta, time: time, start: start, end: end)
            switch try Self.finish(evaluator.evaluate(expr)) {
            case .scalar(let value):
                series[Labels(), default: []].append(Sample(timestamp: time, value: value))
            case .vector(let samples):
                for sample in samples { series[sample.labels, default: []].append(Sample(timestamp: time, value: sample.value)) }
            case .string, .matrix:
                throw EvaluationError("range query produced a value that is not a scalar or an instant vector")
            }
            time += step
        }
        return series.map { SeriesPoints(labels: $0.key, points: $0.value) }
            .sorted { $0.labels < $1.labels }
    }

    /// Applies pending metric-name removals and rejects results with two series of the same label set.
    static func finish(_ value: QueryValue) throws(EvaluationError) -> QueryValue {
        switch value {
        case .vector(let samples):
            let cleaned = samples.map { VectorSample(labels: $0.visibleLabels, value: $0.value) }
            try requireUniqueLabels(cleaned.map(\.labels))
            return .vector(cleaned)
        case .matrix(let series):
            let cleaned = series.map { MatrixSeries(labels: $0.dropsName ? $0.labels.removing(["__name__"]) : $0.labels, samples: $0.samples) }
            try requireUniqueLabels(cleaned.map(\.labels))
            return .matrix(cleaned)
        case .scalar, .string:
            return value
        }
    }

    static func requireUniqueLabels(_ labels: [Labels]) throws(EvaluationError) {
        var seen = Set<Labels>()
        for label in labels where !seen.insert(label).inserted { throw .duplicateLabelSet }
    }
}
