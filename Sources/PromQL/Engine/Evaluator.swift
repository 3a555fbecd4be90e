import PrometheusModel

/// Evaluation of one expression at one instant. Each node kind lives in its own extension file.
struct Evaluator {
    let storage: any Queryable
    let lookbackDelta: Int64
    /// The evaluation time in milliseconds.
    let time: Int64
    /// The query's first and last evaluation times, which `@ start()` and `@ end()` refer to.
    let start: Int64
    let end: Int64

    func evaluate(_ expr: Expr) throws(EvaluationError) -> QueryValue {
        switch expr {
        case .number(let literal): return .scalar(literal.value)
        case .string(let literal): return .string(literal.value)
        case .paren(let node): return try evaluate(node.expr)
        case .vectorSelector(let selector): return .vector(selectInstant(selector))
        case .matrixSelector(let selector): return .matrix(selectRange(selector))
        case .subquery(let node): return .matrix(try evaluateSubquery(node).series)
        case .unary(let node): return try evaluateUnary(node)
        case .binary(let node): return try evaluateBinary(node)
        case .aggregate(let node): return try evaluateAggregate(node)
        case .call(let node): return try evaluateCall(node)
        }
    }

    func evaluateUnary(_ node: UnaryExpr) throws(EvaluationError) -> QueryValue {
        let operand = try evaluate(node.expr)
        guard node.op == .minus else { return operand }
        switch operand {
        case .scalar(let value): return .scalar(-value)
        case .vector(let samples):
            return .vector(samples.map { VectorSample(labels: $0.labels, value: -$0.value, dropsName: true) })
        case .string, .matrix: throw EvaluationError("unary minus needs a scalar or an instant vector")
        }
    }

    /// Evaluates an expression the type checker guarantees to be an instant vector.
    func vector(_ expr: Expr) throws(EvaluationError) -> [VectorSample] {
        guard case .vector(let samples) = try evaluate(expr) else { throw EvaluationError("expected an instant vector") }
        return samples
    }

    /// Evaluates an expression the type checker guarantees to be a scalar.
    func scalar(_ expr: Expr) throws(EvaluationError) -> Double {
        guard case .scalar(let value) = try evaluate(expr) else { throw EvaluationError("expected a scalar") }
        return value
    }

    /// Evaluates an expression the type checker guarantees to be a string.
    func string(_ expr: Expr) throws(EvaluationError) -> String {
        guard case .string(let value) = try evaluate(expr) else { throw EvaluationError("expected a string") }
        return value
    }
}
