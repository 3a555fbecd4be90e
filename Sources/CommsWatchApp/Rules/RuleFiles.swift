import PromQL
import Rules

/// The rule files `serve` runs, loaded and validated together so that one broken file rejects the
/// whole set (start-up fails, a reload keeps the previous set), as Prometheus does.
struct RuleFiles: Sendable {
    /// Every group with the file it came from, in file order.
    let groups: [(file: String, group: RuleGroup)]

    /// Loads every file; the error lists each file's problems with their positions.
    init(paths: [String]) throws(RuleFileErrors) {
        var groups: [(file: String, group: RuleGroup)] = []
        var errors: [RuleFileError] = []
        for path in paths {
            do throws(RuleFileErrors) {
                groups += try RuleFile.load(path: path).groups.map { (path, $0) }
            } catch {
                errors += error.errors
            }
        }
        guard errors.isEmpty else { throw RuleFileErrors(errors) }
        self.groups = groups
    }

    /// How much history the rules need, in ms: their longest range or subquery window (plus offsets),
    /// plus the engine's 5-minute lookback, plus one minute so a late tick still finds its samples.
    var retention: Int64 {
        let longest = groups.flatMap(\.group.rules).map { Self.reach(of: $0.expression.expr) }.max() ?? 0
        return longest + 300_000 + 60_000
    }

    /// How far back before the evaluation time `expr` reads, not counting the lookback.
    private static func reach(of expr: Expr) -> Int64 {
        switch expr {
        case .number, .string: return 0
        case .vectorSelector(let selector): return max(selector.offset, 0)
        case .matrixSelector(let matrix): return matrix.range + max(matrix.selector.offset, 0)
        case .subquery(let subquery): return subquery.range + max(subquery.offset, 0) + reach(of: subquery.expr)
        case .unary(let node): return reach(of: node.expr)
        case .paren(let node): return reach(of: node.expr)
        case .binary(let node): return max(reach(of: node.lhs), reach(of: node.rhs))
        case .aggregate(let node): return max(reach(of: node.expr), node.param.map(reach(of:)) ?? 0)
        case .call(let node): return node.args.map(reach(of:)).max() ?? 0
        }
    }
}
