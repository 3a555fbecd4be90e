import PrometheusModel

/// Aggregation operators with `by`/`without` grouping.
extension Evaluator {
    func evaluateAggregate(_ node: AggregateExpr) throws(EvaluationError) -> QueryValue {
        let samples = try vector(node.expr)
        var parameter = 0.0
        var labelName = ""
        if let param = node.param {
            if node.op == .countValues { labelName = try string(param) } else { parameter = try scalar(param) }
        }
        let groups = Self.group(samples, node)
        switch node.op {
        case .topk, .bottomk:
            return .vector(try Self.selectK(groups, parameter, top: node.op == .topk))
        case .countValues:
            return .vector(try Self.countValues(groups, labelName: labelName))
        default:
            return .vector(try groups.map { group throws(EvaluationError) in
                VectorSample(
                    labels: group.labels, value: try Self.reduce(node.op, group.samples.map(\.value), parameter),
                    dropsName: group.dropsName && group.labels["__name__"] != nil)
            })
        }
    }

    struct Group {
        var labels: Labels
        var samples: [VectorSample]
        /// Set when any member's name is pending removal, so a `by (__name__)` group loses it too.
        var dropsName: Bool
    }

    /// Groups in order of first appearance; a group's labels are the `by` labels, or all labels
    /// except the `without` ones and the metric name. Samples are matched to groups by a hash of the
    /// labels they keep, so only a new group's labels are ever built.
    static func group(_ samples: [VectorSample], _ node: AggregateExpr) -> [Group] {
        let names = Array(Set(node.without ? node.grouping + ["__name__"] : node.grouping))
        let without = node.without
        func kept(_ label: Labels.Label) -> Bool { names.contains(label.name) != without }
        var candidates: [Int: [Int]] = [:]
        var groups: [Group] = []
        for sample in samples {
            var hasher = Hasher()
            for label in sample.labels where kept(label) { hasher.combine(label) }
            let hash = hasher.finalize()
            let keptLabels = sample.labels.lazy.filter(kept)
            if let position = candidates[hash]?.first(where: { groups[$0].labels.elementsEqual(keptLabels) }) {
                groups[position].samples.append(sample)
                groups[position].dropsName = groups[position].dropsName || sample.dropsName
            } else {
                candidates[hash, default: []].append(groups.count)
                let labels = without ? sample.labels.removing(Set(names)) : sample.labels.keeping(Set(names))
                groups.append(Group(labels: labels, samples: [sample], dropsName: sample.dropsName))
            }
        }
        return groups
    }

    static func reduce(_ op: AggregateOperator, _ values: [Double], _ parameter: Double) throws(EvaluationError) -> Double {
        switch op {
        case .sum:
            var total = KahanSum()
            for value in values { total.add(value) }
            return total.value
        case .avg: return KahanSum.mean(values)
        case .count: return Double(values.count)
        case .group: return 1
        case .min: return values.dropFirst().reduce(values[0]) { current, value in current.isNaN || value < current ? value : current }
        case .max: return values.dropFirst().reduce(values[0]) { current, value in current.isNaN || value > current ? value : current }
        case .stdvar: return KahanSum.variance(values)
        case .stddev: return KahanSum.variance(values).squareRoot()
        case .quantile: return Self.quantile(parameter, values)
        default: throw .unsupported("aggregation \(op.rawValue)")
        }
    }

    /// Prometheus's `quantile`: linear interpolation between the closest ranks.
    static func quantile(_ q: Double, _ values: [Double]) -> Double {
        if values.isEmpty || q.isNaN { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        let sorted = values.sorted { $0 < $1 || ($0.isNaN && !$1.isNaN) }
        let rank = q * Double(sorted.count - 1)
        let lower = max(0, Int(rank.rounded(.down)))
        let upper = min(sorted.count - 1, lower + 1)
        let weight = rank - rank.rounded(.down)
        return sorted[lower] * (1 - weight) + sorted[upper] * weight
    }

    /// `topk`/`bottomk`: the k largest/smallest per group, keeping the input labels, ordered best first.
    static func selectK(_ groups: [Group], _ parameter: Double, top: Bool) throws(EvaluationError) -> [VectorSample] {
        if parameter.isNaN { throw EvaluationError("Parameter value is NaN") }
        let k = parameter >= Double(Int.max) ? Int.max : Int(parameter)
        guard k >= 1 else { return [] }
        var out: [VectorSample] = []
        for group in groups {
            let ordered = group.samples.enumerated().sorted { a, b in
                let (x, y) = (a.element.value, b.element.value)
                if x.isNaN != y.isNaN { return y.isNaN }
                if x != y && !x.isNaN { return top ? x > y : x < y }
                return a.offset < b.offset
            }
            out += ordered.prefix(k).map(\.element)
        }
        return out
    }

    static func countValues(_ groups: [Group], labelName: String) throws(EvaluationError) -> [VectorSample] {
        var out: [VectorSample] = []
        var index: [Labels: Int] = [:]
        for group in groups {
            for sample in group.samples {
                let labels = group.labels.setting(labelName, to: GoFloatFormat.shortestPositional(sample.value))
                if let position = index[labels] {
                    out[position].value += 1
                } else {
                    index[labels] = out.count
                    out.append(VectorSample(labels: labels, value: 1))
                }
            }
        }
        return out
    }
}
