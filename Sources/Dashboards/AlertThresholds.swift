public import PromQL
public import Rules

/// A number an alert compares a metric against, read out of the rule's parsed expression, so the
/// line a dashboard draws is the one in `prometheus/alerts.yml` and cannot drift from it.
public struct AlertThreshold: Sendable, Equatable {
    public enum Direction: Sendable, Equatable {
        /// `… > N` (or `>=`): values above the number are bad.
        case above
        /// `… < N` (or `<=`): values below the number are bad.
        case below
    }

    public var alert: String
    public var value: Double
    public var direction: Direction

    public init(alert: String, value: Double, direction: Direction) {
        self.alert = alert
        self.value = value
        self.direction = direction
    }
}

/// One `vector > N`-style comparison found in an expression, with the series names on its vector side.
public struct AlertComparison: Sendable, Equatable {
    public var value: Double
    public var direction: AlertThreshold.Direction
    /// Series names the compared expression selects (`_bucket`, `_sum`, `_count` included as written).
    public var metrics: [String]

    public init(value: Double, direction: AlertThreshold.Direction, metrics: [String]) {
        self.value = value
        self.direction = direction
        self.metrics = metrics
    }

    /// Whether the comparison is over `metric` (a histogram's series count as the histogram).
    public func covers(_ metric: String) -> Bool {
        metrics.contains { $0 == metric || $0 == metric + "_bucket" || $0 == metric + "_sum" || $0 == metric + "_count" }
    }
}

/// The alerting rules of a rule file by name, and the thresholds in their expressions.
public struct AlertRules: Sendable {
    public let rules: [AlertingRule]

    public init(_ file: RuleFile) {
        rules = file.groups.flatMap(\.rules).compactMap { rule in
            if case .alerting(let alerting) = rule { alerting } else { nil }
        }
    }

    /// The `occurrence`-th (from 0, in source order) comparison of alert `alert` over `metric` (a
    /// catalog name, without prefix).
    public func threshold(_ alert: String, over metric: String, occurrence: Int = 0) throws(DashboardError) -> AlertThreshold {
        guard let rule = rules.first(where: { $0.name == alert }) else { throw .unknownAlert(alert) }
        let matching = Self.comparisons(in: rule.expression.expr).filter { $0.covers(metric) }
        guard occurrence < matching.count else { throw .noThreshold(alert: alert, metric: metric, occurrence: occurrence) }
        return AlertThreshold(alert: alert, value: matching[occurrence].value, direction: matching[occurrence].direction)
    }

    /// Every filtering comparison against a number in `expr`, in source order: `x > N`, `N < x`, and
    /// `x > N * y` (a ratio written as a product), where N is a literal.
    public static func comparisons(in expr: Expr) -> [AlertComparison] {
        var found: [AlertComparison] = []
        PromQLWalk.visit(expr) { node in
            guard case .binary(let binary) = node, binary.op.isComparison, !binary.returnBool else { return }
            let above: Bool
            switch binary.op {
            case .greater, .greaterOrEqual: above = true
            case .less, .lessOrEqual: above = false
            default: return
            }
            if let (value, rest) = numberFactor(binary.rhs) {
                found.append(
                    AlertComparison(
                        value: value, direction: above ? .above : .below,
                        metrics: PromQLWalk.selectorNames(in: binary.lhs) + (rest.map(PromQLWalk.selectorNames(in:)) ?? [])
                    )
                )
            } else if let (value, rest) = numberFactor(binary.lhs) {
                found.append(
                    AlertComparison(
                        value: value, direction: above ? .below : .above,
                        metrics: PromQLWalk.selectorNames(in: binary.rhs) + (rest.map(PromQLWalk.selectorNames(in:)) ?? [])
                    )
                )
            }
        }
        return found
    }

    /// `N` alone, or `N * rest` / `rest * N`: the literal and what it multiplies.
    private static func numberFactor(_ expr: Expr) -> (Double, Expr?)? {
        switch expr {
        case .number(let literal): return (literal.value, nil)
        case .paren(let paren): return numberFactor(paren.expr)
        case .binary(let binary) where binary.op == .mul:
            if case .number(let literal) = binary.lhs { return (literal.value, binary.rhs) }
            if case .number(let literal) = binary.rhs { return (literal.value, binary.lhs) }
            return nil
        default: return nil
        }
    }
}

/// Pre-order traversal of a PromQL tree, left operand before right.
public enum PromQLWalk {
    public static func visit(_ expr: Expr, _ body: (Expr) -> Void) {
        body(expr)
        switch expr {
        case .number, .string, .vectorSelector: break
        case .matrixSelector(let node): visit(.vectorSelector(node.selector), body)
        case .subquery(let node): visit(node.expr, body)
        case .unary(let node): visit(node.expr, body)
        case .binary(let node):
            visit(node.lhs, body)
            visit(node.rhs, body)
        case .aggregate(let node):
            if let param = node.param { visit(param, body) }
            visit(node.expr, body)
        case .call(let node): for arg in node.args { visit(arg, body) }
        case .paren(let node): visit(node.expr, body)
        }
    }

    /// Every vector selector, in source order.
    public static func selectors(in expr: Expr) -> [VectorSelector] {
        var selectors: [VectorSelector] = []
        visit(expr) { node in
            if case .vectorSelector(let selector) = node { selectors.append(selector) }
        }
        return selectors
    }

    /// The metric names selected, from `name{…}` or `{__name__="name"}`.
    public static func selectorNames(in expr: Expr) -> [String] {
        selectors(in: expr).compactMap { selector in
            selector.name ?? selector.matchers.first { $0.name == "__name__" && $0.type == .equal }?.value
        }
    }
}
