public import PromQL
public import SampleStore

extension RetentionPolicy {
    /// The history `groups` read: for each metric a selector names, its longest range plus offsets
    /// and the group's query offset; selectors without a literal metric name raise the minimum.
    /// Every entry adds the engine's `lookback` and `slack`, so a late tick still finds its samples.
    public init(reading groups: [RuleGroup], lookback: Int64 = Engine.defaultLookbackDelta, slack: Int64 = 60_000) {
        var reach = Reach()
        for group in groups {
            for rule in group.rules { reach.visit(rule.expression.expr, before: max(group.queryOffset ?? 0, 0)) }
        }
        self.init(minimum: reach.unnamed + lookback + slack, byName: reach.byName.mapValues { $0 + lookback + slack })
    }
}

/// How far back before the evaluation time each selector reads, lookback not counted.
private struct Reach {
    var unnamed: Int64 = 0
    var byName: [String: Int64] = [:]

    mutating func visit(_ expr: Expr, before extra: Int64) {
        switch expr {
        case .number, .string: break
        case .vectorSelector(let selector): record(selector, extra + max(selector.offset, 0))
        case .matrixSelector(let matrix): record(matrix.selector, extra + matrix.range + max(matrix.selector.offset, 0))
        case .subquery(let subquery): visit(subquery.expr, before: extra + subquery.range + max(subquery.offset, 0))
        case .unary(let node): visit(node.expr, before: extra)
        case .paren(let node): visit(node.expr, before: extra)
        case .binary(let node):
            visit(node.lhs, before: extra)
            visit(node.rhs, before: extra)
        case .aggregate(let node):
            visit(node.expr, before: extra)
            if let param = node.param { visit(param, before: extra) }
        case .call(let node): node.args.forEach { visit($0, before: extra) }
        }
    }

    private mutating func record(_ selector: VectorSelector, _ reach: Int64) {
        if let name = selector.name {
            byName[name] = max(byName[name] ?? 0, reach)
        } else {
            unnamed = max(unnamed, reach)
        }
    }
}
