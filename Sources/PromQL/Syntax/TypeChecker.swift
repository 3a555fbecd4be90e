import PrometheusModel

/// Checks a parsed tree the way Prometheus's `checkAST` does, collecting every error, and
/// normalises vector matching (dropped unless both sides are vectors; set operators are many-to-many).
struct TypeChecker {
    let query: String
    var errors: [ParseError] = []

    init(query: String) {
        self.query = query
    }

    mutating func report(_ message: String, at position: PositionRange) {
        errors.append(ParseError(position: position, message: message, query: query))
    }

    /// Checks `node` against `wanted`, naming `context` in the error.
    mutating func expect(_ node: Expr, _ wanted: ValueType, in context: String) -> Expr {
        let checked = check(node)
        if checked.type != wanted {
            report("expected type \(wanted.documentedName) in \(context), got \(checked.type.documentedName)", at: checked.position)
        }
        return checked
    }

    mutating func check(_ expr: Expr) -> Expr {
        switch expr {
        case .number, .string:
            return expr
        case .vectorSelector(let node):
            checkSelector(node)
            return expr
        case .matrixSelector(let node):
            checkSelector(node.selector)
            return expr
        case .paren(var node):
            node.expr = check(node.expr)
            return .paren(node)
        case .subquery(var node):
            node.expr = check(node.expr)
            if node.expr.type != .vector {
                report("subquery is only allowed on instant vector, got \(node.expr.type.documentedName) instead", at: node.position)
            }
            return .subquery(node)
        case .unary(var node):
            node.expr = check(node.expr)
            let type = node.expr.type
            if type != .scalar && type != .vector {
                report("unary expression only allowed on expressions of type scalar or instant vector, got \(GoQuote.quote(type.documentedName))", at: node.position)
            }
            return .unary(node)
        case .aggregate(var node):
            node.expr = expect(node.expr, .vector, in: "aggregation expression")
            if let param = node.param, let wanted = node.op.parameterType {
                node.param = expect(param, wanted, in: "aggregation parameter")
            }
            return .aggregate(node)
        case .call(var node):
            node.args = checkCall(node)
            return .call(node)
        case .binary(let node):
            return .binary(checkBinary(node))
        }
    }

    /// A named selector must not also name the metric in braces; an unnamed one needs a matcher
    /// that rejects the empty string, so a typo cannot select every series.
    mutating func checkSelector(_ node: VectorSelector) {
        if let name = node.name {
            for matcher in node.matchers.dropLast() where matcher.name == "__name__" {
                report("metric name must not be set twice: \(GoQuote.quote(name)) or \(GoQuote.quote(matcher.value))", at: node.position)
            }
            return
        }
        if !node.matchers.contains(where: { !$0.matches("") }) {
            report("vector selector must contain at least one non-empty matcher", at: node.position)
        }
    }

    mutating func checkCall(_ node: Call) -> [Expr] {
        let function = node.function
        let declared = function.argTypes.count
        let name = GoQuote.quote(function.name)
        if function.variadic == 0 {
            if declared != node.args.count {
                report("expected \(declared) argument(s) in call to \(name), got \(node.args.count)", at: node.position)
            }
        } else if declared - 1 > node.args.count {
            report("expected at least \(declared - 1) argument(s) in call to \(name), got \(node.args.count)", at: node.position)
        } else if function.variadic > 0, declared - 1 + function.variadic < node.args.count {
            report("expected at most \(declared - 1 + function.variadic) argument(s) in call to \(name), got \(node.args.count)", at: node.position)
        }
        var args: [Expr] = []
        for (index, arg) in node.args.enumerated() {
            var slot = index
            if slot >= declared {
                guard function.variadic != 0, declared > 0 else {
                    args.append(check(arg))
                    continue
                }
                slot = declared - 1
            }
            args.append(expect(arg, function.argTypes[slot], in: "call to function \(name)"))
        }
        return args
    }

    mutating func checkBinary(_ original: BinaryExpr) -> BinaryExpr {
        var node = original
        node.lhs = check(node.lhs)
        node.rhs = check(node.rhs)
        let (lhsType, rhsType) = (node.lhs.type, node.rhs.type)
        let opPosition = PositionRange(start: node.lhs.position.end, end: node.rhs.position.start)
        if node.returnBool && !node.op.isComparison {
            report("bool modifier can only be used on comparison operators", at: opPosition)
        }
        if node.op.isComparison && !node.returnBool && lhsType == .scalar && rhsType == .scalar {
            report("comparisons between scalars must use BOOL modifier", at: opPosition)
        }
        if node.op.isSetOperator, node.matching?.cardinality == .oneToOne {
            node.matching?.cardinality = .manyToMany
        }
        if let matching = node.matching, matching.on {
            for label in matching.matchingLabels where matching.include.contains(label) {
                report("label \(GoQuote.quote(label)) must not occur in ON and GROUP clause at once", at: opPosition)
            }
        }
        if lhsType != .scalar && lhsType != .vector {
            report("binary expression must contain only scalar and instant vector types", at: node.lhs.position)
        }
        if rhsType != .scalar && rhsType != .vector {
            report("binary expression must contain only scalar and instant vector types", at: node.rhs.position)
        }
        if lhsType != .vector || rhsType != .vector {
            if let matching = node.matching, !matching.matchingLabels.isEmpty {
                report("vector matching only allowed between instant vectors", at: node.position)
            }
            node.matching = nil
        } else if node.op.isSetOperator, let matching = node.matching {
            if matching.cardinality == .oneToMany || matching.cardinality == .manyToOne {
                report("no grouping allowed for \"\(node.op.rawValue)\" operation", at: node.position)
            }
            if matching.cardinality != .manyToMany {
                report("set operations must always be many-to-many", at: node.position)
            }
        }
        if (lhsType == .scalar || rhsType == .scalar) && node.op.isSetOperator {
            report("set operator \(GoQuote.quote(node.op.rawValue)) not allowed in binary scalar expression", at: node.position)
        }
        return node
    }
}
