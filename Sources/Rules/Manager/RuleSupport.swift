public import PromQL
public import PrometheusModel

/// Runs a rule's query at a time (ms). The manager takes a function rather than an engine and a store
/// (as Prometheus's `rules.QueryFunc` does) so tests, the in-memory history and a remote store can all
/// stand behind it, and so a group's later rules see what its recording rules just wrote.
public typealias QueryFunc = @Sendable (_ expr: Expr, _ time: Int64) throws -> QueryValue

/// Receives the alerts that need sending after a rule's evaluation, with the rule's expression for
/// their `generatorURL` (`rules.NotifyFunc`), which keeps the Alertmanager client out of the rule logic.
public typealias NotifyFunc = @Sendable (_ expression: String, _ alerts: [Alert]) -> Void

/// Stores one sample a rule produced (recorded series, `ALERTS`, `ALERTS_FOR_STATE`, stale markers),
/// the part of Prometheus's `storage.Appendable` the rules manager uses.
public typealias AppendFunc = @Sendable (_ labels: Labels, _ sample: Sample) -> Void

/// Expands one alert label or annotation template for one sample (its labels and value). Injected so the
/// state machine does not depend on the Go-template engine; external labels are the expander's to capture.
public typealias TemplateExpander = @Sendable (_ template: String, _ labels: Labels, _ value: Double) -> String

/// A sample a rule produced, with the series it belongs to.
public struct RuleSample: Sendable, Equatable {
    public var labels: Labels
    public var sample: Sample

    public init(labels: Labels, sample: Sample) {
        self.labels = labels
        self.sample = sample
    }
}

/// Why a rule's evaluation failed, worded as Prometheus words it, so `lastError` in the rules API matches.
public struct RuleEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A `QueryFunc` that evaluates with `engine` over `storage` (Prometheus's `EngineQueryFunc`).
public func engineQueryFunc(_ engine: Engine, on storage: some Queryable) -> QueryFunc {
    { expr, time in try engine.instantQuery(expr, at: time, on: storage) }
}

/// The instant vector a rule works on: a scalar result becomes one sample without labels, anything but
/// a vector or scalar is an error, as in `EngineQueryFunc`.
func ruleVector(_ value: QueryValue) throws(RuleEvaluationError) -> [VectorSample] {
    switch value {
    case .vector(let samples): return samples
    case .scalar(let value): return [VectorSample(labels: Labels(), value: value)]
    case .string, .matrix: throw RuleEvaluationError("rule result is not a vector or scalar")
    }
}

/// Runs `query` and returns its vector, with the query's own error text on failure.
func queryVector(_ query: QueryFunc, _ expr: Expr, at time: Int64) throws(RuleEvaluationError) -> [VectorSample] {
    let value: QueryValue
    do {
        value = try query(expr, time)
    } catch {
        throw RuleEvaluationError(String(describing: error))
    }
    return try ruleVector(value)
}
