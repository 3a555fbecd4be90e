import PrometheusModel
import Foundation

/// Binary operators between scalars and instant vectors, with Prometheus's vector matching rules.
extension Evaluator {
    func evaluateBinary(_ node: BinaryExpr) throws(EvaluationError) -> QueryValue {
        let lhs = try evaluate(node.lhs)
        let rhs = try evaluate(node.rhs)
        switch (lhs, rhs) {
        case (.scalar(let left), .scalar(let right)):
            let (value, keep) = Self.apply(node.op, left, right)
            return .scalar(node.op.isComparison ? (keep ? 1 : 0) : value)
        case (.vector(let samples), .scalar(let right)):
            return .vector(vectorScalar(node, samples, right, scalarOnLeft: false))
        case (.scalar(let left), .vector(let samples)):
            return .vector(vectorScalar(node, samples, left, scalarOnLeft: true))
        case (.vector(let left), .vector(let right)):
            let matching = node.matching ?? VectorMatching(cardinality: node.op.isSetOperator ? .manyToMany : .oneToOne)
            switch node.op {
            case .and: return .vector(Self.and(left, right, matching))
            case .or: return .vector(Self.or(left, right, matching))
            case .unless: return .vector(Self.unless(left, right, matching))
            default: return .vector(try vectorVector(node, left, right, matching))
            }
        default:
            throw EvaluationError("binary operator \(node.op.rawValue) needs scalar or instant vector operands")
        }
    }

    /// The value of `left op right` and, for comparisons, whether the comparison holds
    /// (the value of a comparison is then `left`).
    static func apply(_ op: BinaryOperator, _ left: Double, _ right: Double) -> (Double, Bool) {
        switch op {
        case .add: return (left + right, true)
        case .sub: return (left - right, true)
        case .mul: return (left * right, true)
        case .div: return (left / right, true)
        case .mod: return (left.truncatingRemainder(dividingBy: right), true)
        case .pow: return (Foundation.pow(left, right), true)
        case .atan2: return (Foundation.atan2(left, right), true)
        case .equal: return (left, left == right)
        case .notEqual: return (left, left != right)
        case .greater: return (left, left > right)
        case .less: return (left, left < right)
        case .greaterOrEqual: return (left, left >= right)
        case .lessOrEqual: return (left, left <= right)
        case .and, .or, .unless: return (left, true)
        }
    }

    /// Arithmetic drops the metric name; comparisons without `bool` keep it.
    static func dropsName(_ op: BinaryOperator) -> Bool {
        switch op {
        case .add, .sub, .mul, .div, .mod, .pow, .atan2: return true
        default: return false
        }
    }

    func vectorScalar(_ node: BinaryExpr, _ samples: [VectorSample], _ scalar: Double, scalarOnLeft: Bool) -> [VectorSample] {
        samples.compactMap { sample in
            let (left, right) = scalarOnLeft ? (scalar, sample.value) : (sample.value, scalar)
            var (value, keep) = Self.apply(node.op, left, right)
            if node.op.isComparison && scalarOnLeft { value = sample.value }
            if node.returnBool {
                value = keep ? 1 : 0
                keep = true
            }
            guard keep else { return nil }
            return VectorSample(labels: sample.labels, value: value, dropsName: sample.dropsName || Self.dropsName(node.op) || node.returnBool)
        }
    }

    /// The labels two series are matched on.
    static func signature(_ labels: Labels, _ matching: VectorMatching) -> Labels {
        matching.on ? labels.keeping(Set(matching.matchingLabels)) : labels.removing(Set(matching.matchingLabels + ["__name__"]))
    }

    func vectorVector(
        _ node: BinaryExpr, _ lhs: [VectorSample], _ rhs: [VectorSample], _ matching: VectorMatching
    ) throws(EvaluationError) -> [VectorSample] {
        if matching.cardinality == .manyToMany { throw EvaluationError("many-to-many only allowed for set operators") }
        let swapped = matching.cardinality == .oneToMany
        let (many, one) = swapped ? (rhs, lhs) : (lhs, rhs)
        var oneSide: [Labels: VectorSample] = [:]
        for sample in one {
            let key = Self.signature(sample.labels, matching)
            if let existing = oneSide[key] {
                throw EvaluationError(
                    "found duplicate series for the match group \(Self.goString(key)) on the \(swapped ? "left" : "right") hand-side of the operation: "
                        + "[\(Self.goString(existing.labels)), \(Self.goString(sample.labels))];many-to-many matching not allowed: matching labels must be unique on one side")
            }
            oneSide[key] = sample
        }
        var matched: [Labels: Set<Labels>] = [:]
        var out: [VectorSample] = []
        for sample in many {
            let key = Self.signature(sample.labels, matching)
            guard let partner = oneSide[key] else { continue }
            let (left, right) = swapped ? (partner.value, sample.value) : (sample.value, partner.value)
            var (value, keep) = Self.apply(node.op, left, right)
            if node.returnBool {
                value = keep ? 1 : 0
                keep = true
            }
            guard keep else { continue }
            let labels = Self.resultLabels(sample.labels, partner.labels, matching)
            if matching.cardinality == .oneToOne {
                if matched[key] != nil {
                    throw EvaluationError("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")
                }
                matched[key] = []
            } else if !matched[key, default: []].insert(labels).inserted {
                throw EvaluationError("multiple matches for labels: grouping labels must ensure unique matches")
            }
            let drops = Self.dropsName(node.op) || node.returnBool || (sample.dropsName && labels["__name__"] != nil)
            out.append(VectorSample(labels: labels, value: value, dropsName: drops))
        }
        return out
    }

    /// Labels as Go's `labels.Labels.String()` prints them in error messages.
    static func goString(_ labels: Labels) -> String {
        "{" + labels.pairs.map { $0.name + "=" + GoQuote.quote($0.value) }.joined(separator: ", ") + "}"
    }

    static func resultLabels(_ many: Labels, _ one: Labels, _ matching: VectorMatching) -> Labels {
        var labels = many
        if matching.cardinality == .oneToOne {
            labels = matching.on ? labels.keeping(Set(matching.matchingLabels)) : labels.removing(Set(matching.matchingLabels))
        }
        for name in matching.include {
            labels = labels.setting(name, to: one[name] ?? "")
        }
        return labels
    }

    static func and(_ lhs: [VectorSample], _ rhs: [VectorSample], _ matching: VectorMatching) -> [VectorSample] {
        let keys = Set(rhs.map { signature($0.labels, matching) })
        return lhs.filter { keys.contains(signature($0.labels, matching)) }
    }

    static func or(_ lhs: [VectorSample], _ rhs: [VectorSample], _ matching: VectorMatching) -> [VectorSample] {
        let keys = Set(lhs.map { signature($0.labels, matching) })
        return lhs + rhs.filter { !keys.contains(signature($0.labels, matching)) }
    }

    static func unless(_ lhs: [VectorSample], _ rhs: [VectorSample], _ matching: VectorMatching) -> [VectorSample] {
        let keys = Set(rhs.map { signature($0.labels, matching) })
        return lhs.filter { !keys.contains(signature($0.labels, matching)) }
    }
}
