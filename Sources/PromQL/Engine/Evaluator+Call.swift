import PrometheusModel

/// Function calls: evaluates arguments and dispatches to the function families in `Functions/`.
extension Evaluator {
    /// Functions whose result keeps the input's metric name.
    static let keepsName: Set<String> = [
        "last_over_time", "first_over_time", "label_replace", "label_join", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc",
    ]

    func evaluateCall(_ node: Call) throws(EvaluationError) -> QueryValue {
        let name = node.function.name
        if let function = RangeFunctions.table[name] {
            return .vector(try callRangeFunction(node, function))
        }
        if let function = ElementFunctions.table[name] {
            let samples = try vector(node.args[0])
            var parameters: [Double] = []
            for argument in node.args.dropFirst() { parameters.append(try scalar(argument)) }
            return .vector(samples.compactMap { sample in
                function(sample.value, parameters).map { VectorSample(labels: sample.labels, value: $0, dropsName: true) }
            })
        }
        switch name {
        case "time": return .scalar(Double(time) / 1000)
        case "vector": return .vector([VectorSample(labels: Labels(), value: try scalar(node.args[0]))])
        case "scalar":
            let samples = try vector(node.args[0])
            return .scalar(samples.count == 1 ? samples[0].value : .nan)
        case "absent":
            return .vector(try vector(node.args[0]).isEmpty ? [VectorSample(labels: Self.absentLabels(node.args[0]), value: 1)] : [])
        case "histogram_quantile":
            return .vector(HistogramQuantile.evaluate(try scalar(node.args[0]), try vector(node.args[1])))
        case "histogram_fraction":
            let (lower, upper) = (try scalar(node.args[0]), try scalar(node.args[1]))
            return .vector(HistogramFraction.evaluate(lower, upper, try vector(node.args[2])))
        case "timestamp":
            return .vector(try timestamps(node.args[0]))
        case "histogram_quantiles":
            let samples = try vector(node.args[0])
            let label = try string(node.args[1])
            var quantiles: [Double] = []
            for argument in node.args.dropFirst(2) { quantiles.append(try scalar(argument)) }
            return .vector(try HistogramQuantile.evaluate(quantiles, label: label, samples))
        case "sort_by_label", "sort_by_label_desc":
            var names: [String] = []
            for argument in node.args.dropFirst() { names.append(try string(argument)) }
            return .vector(LabelFunctions.sort(try vector(node.args[0]), byLabels: names, descending: name == "sort_by_label_desc"))
        case "sort", "sort_desc":
            return .vector(LabelFunctions.sort(try vector(node.args[0]), descending: name == "sort_desc"))
        case "label_replace", "label_join":
            var strings: [String] = []
            for argument in node.args.dropFirst() { strings.append(try string(argument)) }
            let samples = try vector(node.args[0])
            return .vector(try name == "label_replace" ? LabelFunctions.replace(samples, strings) : LabelFunctions.join(samples, strings))
        default:
            if let function = TimeFunctions.table[name] {
                let samples = node.args.isEmpty ? [VectorSample(labels: Labels(), value: Double(time) / 1000)] : try vector(node.args[0])
                return .vector(samples.map { VectorSample(labels: $0.labels, value: function($0.value), dropsName: true) })
            }
            throw .unsupported("function \(name)")
        }
    }

    /// Applies a range function to each series of its range argument. A selector's windows are read
    /// in place from the store, one at a time, so no range vector is built for them.
    func callRangeFunction(_ node: Call, _ function: RangeFunctions.Function) throws(EvaluationError) -> [VectorSample] {
        let name = node.function.name
        var scalars: [Double] = []
        var matrix: MatrixSelector?
        var subquery: SubqueryExpr?
        for argument in node.args {
            switch Self.unwrap(argument) {
            case .matrixSelector(let selector): matrix = selector
            case .subquery(let expr): subquery = expr
            default: scalars.append(try scalar(argument))
            }
        }
        if name == "double_exponential_smoothing" {
            for (factor, value) in zip(["smoothing", "trend"], scalars) where !(value > 0 && value < 1) {
                throw EvaluationError("invalid \(factor) factor. Expected: 0 < \(factor == "smoothing" ? "sf" : "tf") < 1, got: \(value)")
            }
        }
        let dropsName = !Self.keepsName.contains(name)
        var results: [VectorSample] = []
        if let matrix {
            let at = selectorTime(matrix.selector)
            let window = RangeFunctions.Window(start: at - matrix.range, end: at, evaluationTime: time)
            var windows = 0
            forEachWindow(matrix) { labels, samples in
                windows += 1
                if let value = function(samples, window, scalars) {
                    results.append(VectorSample(labels: labels, value: value, dropsName: dropsName))
                }
            }
            if name == "absent_over_time" {
                return windows == 0 ? [VectorSample(labels: Self.absentLabels(.vectorSelector(matrix.selector)), value: 1)] : []
            }
        } else if let subquery {
            let (series, window) = try evaluateSubquery(subquery)
            if name == "absent_over_time" { return series.isEmpty ? [VectorSample(labels: Labels(), value: 1)] : [] }
            for entry in series {
                if let value = function(entry.samples, window, scalars) {
                    results.append(VectorSample(labels: entry.labels, value: value, dropsName: entry.dropsName || dropsName))
                }
            }
        } else {
            throw EvaluationError("\(name) needs a range vector")
        }
        return results
    }

    func timestamps(_ argument: Expr) throws(EvaluationError) -> [VectorSample] {
        guard case .vectorSelector(let selector) = Self.unwrap(argument) else {
            return try vector(argument).map { VectorSample(labels: $0.labels, value: Double(time) / 1000, dropsName: true) }
        }
        var found: [VectorSample] = []
        forEachLatest(selector) { found.append(VectorSample(labels: $0, value: Double($1.timestamp) / 1000, dropsName: true)) }
        return found
    }

    static func unwrap(_ expr: Expr) -> Expr {
        if case .paren(let node) = expr { return unwrap(node.expr) }
        return expr
    }

    /// The labels `absent` reports: those of the selector's equality matchers, except the metric
    /// name and any label that more than one matcher constrains.
    static func absentLabels(_ argument: Expr) -> Labels {
        guard case .vectorSelector(let selector) = argument else { return Labels() }
        let matchers = selector.matchers.filter { $0.name != "__name__" }
        var uses: [String: Int] = [:]
        for matcher in matchers { uses[matcher.name, default: 0] += 1 }
        return Labels(matchers.filter { $0.type == .equal && uses[$0.name] == 1 }.map { ($0.name, $0.value) })
    }
}

extension Engine {
    /// Every function and aggregation name the engine evaluates, so runners can tell what they may run.
    public static let supportedFunctions: Set<String> = {
        var names = Set(RangeFunctions.table.keys).union(ElementFunctions.table.keys).union(TimeFunctions.table.keys)
        names.formUnion([
            "time", "vector", "scalar", "absent", "histogram_quantile", "histogram_fraction", "timestamp", "sort", "sort_desc",
            "label_replace", "label_join", "histogram_quantiles", "sort_by_label", "sort_by_label_desc",
        ])
        names.formUnion(["sum", "avg", "min", "max", "count", "group", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values"])
        return names
    }()
}
