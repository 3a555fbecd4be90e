/// The four kinds of value a PromQL expression can produce; type checking compares these.
public enum ValueType: String, Sendable, Hashable {
    case scalar, vector, matrix, string

    /// The name Prometheus uses in error messages (`instant vector`, `range vector`).
    public var documentedName: String {
        switch self {
        case .scalar: return "scalar"
        case .vector: return "instant vector"
        case .matrix: return "range vector"
        case .string: return "string"
        }
    }
}

/// A parsed PromQL expression. Every node carries its source range; equality ignores ranges,
/// so `parse(print(e)) == e` states the printer's round-trip contract.
public indirect enum Expr: Sendable, Equatable {
    case number(NumberLiteral)
    case string(StringLiteral)
    case vectorSelector(VectorSelector)
    case matrixSelector(MatrixSelector)
    case subquery(SubqueryExpr)
    case unary(UnaryExpr)
    case binary(BinaryExpr)
    case aggregate(AggregateExpr)
    case call(Call)
    case paren(ParenExpr)

    public var position: PositionRange {
        switch self {
        case .number(let node): return node.position
        case .string(let node): return node.position
        case .vectorSelector(let node): return node.position
        case .matrixSelector(let node): return node.position
        case .subquery(let node): return node.position
        case .unary(let node): return node.position
        case .binary(let node): return node.position
        case .aggregate(let node): return node.position
        case .call(let node): return node.position
        case .paren(let node): return node.position
        }
    }

    /// The type of value the expression evaluates to.
    public var type: ValueType {
        switch self {
        case .number: return .scalar
        case .string: return .string
        case .vectorSelector, .aggregate: return .vector
        case .matrixSelector, .subquery: return .matrix
        case .unary(let node): return node.expr.type
        case .paren(let node): return node.expr.type
        case .call(let node): return node.function.returnType
        case .binary(let node): return node.lhs.type == .scalar && node.rhs.type == .scalar ? .scalar : .vector
        }
    }
}

/// `1`, `0x1f`, `Inf`, or a duration used as a number of seconds (`5m`), which prints back as a duration.
public struct NumberLiteral: Sendable {
    public var value: Double
    public var isDuration: Bool
    public var position: PositionRange

    public init(value: Double, isDuration: Bool = false, position: PositionRange) {
        self.value = value
        self.isDuration = isDuration
        self.position = position
    }
}

/// A quoted string; only a few functions and `count_values` accept one.
public struct StringLiteral: Sendable {
    public var value: String
    public var position: PositionRange

    public init(value: String, position: PositionRange) {
        self.value = value
        self.position = position
    }
}

/// `@ <timestamp>`, `@ start()` or `@ end()`: pins evaluation of a selector or subquery to one time.
public enum AtModifier: Sendable, Hashable {
    case timestamp(milliseconds: Int64)
    case start
    case end
}

/// `name{label="value", …}`. When a name is written, a `__name__` equality matcher is appended
/// to `matchers`, as Prometheus does, so evaluation only looks at matchers.
public struct VectorSelector: Sendable {
    public var name: String?
    public var matchers: [LabelMatcher]
    /// The `offset` in milliseconds (negative offsets look ahead).
    public var offset: Int64
    public var at: AtModifier?
    public var position: PositionRange

    public init(name: String?, matchers: [LabelMatcher], offset: Int64 = 0, at: AtModifier? = nil, position: PositionRange) {
        self.name = name
        self.matchers = matchers
        self.offset = offset
        self.at = at
        self.position = position
    }
}

/// `selector[5m]`; the selector holds any `offset` and `@`.
public struct MatrixSelector: Sendable {
    public var selector: VectorSelector
    public var range: Int64
    public var position: PositionRange

    public init(selector: VectorSelector, range: Int64, position: PositionRange) {
        self.selector = selector
        self.range = range
        self.position = position
    }
}

/// `expr[range:step]`; a step of 0 means the evaluation's default resolution.
public struct SubqueryExpr: Sendable {
    public var expr: Expr
    public var range: Int64
    public var step: Int64
    public var offset: Int64
    public var at: AtModifier?
    public var position: PositionRange

    public init(expr: Expr, range: Int64, step: Int64, offset: Int64 = 0, at: AtModifier? = nil, position: PositionRange) {
        self.expr = expr
        self.range = range
        self.step = step
        self.offset = offset
        self.at = at
        self.position = position
    }
}

/// `-expr` or `+expr` on something other than a number literal.
public struct UnaryExpr: Sendable {
    public var op: UnaryOperator
    public var expr: Expr
    public var position: PositionRange

    public init(op: UnaryOperator, expr: Expr, position: PositionRange) {
        self.op = op
        self.expr = expr
        self.position = position
    }
}

/// `lhs op [bool] [on|ignoring (…) [group_left|group_right (…)]] rhs`.
public struct BinaryExpr: Sendable {
    public var op: BinaryOperator
    public var lhs: Expr
    public var rhs: Expr
    public var returnBool: Bool
    /// Present only when both sides are instant vectors (after type checking).
    public var matching: VectorMatching?
    public var position: PositionRange

    public init(op: BinaryOperator, lhs: Expr, rhs: Expr, returnBool: Bool = false, matching: VectorMatching?, position: PositionRange) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.returnBool = returnBool
        self.matching = matching
        self.position = position
    }
}

/// `op [by|without (labels)] ([param,] expr)`.
public struct AggregateExpr: Sendable {
    public var op: AggregateOperator
    public var param: Expr?
    public var expr: Expr
    public var grouping: [String]
    public var without: Bool
    public var position: PositionRange

    public init(op: AggregateOperator, param: Expr?, expr: Expr, grouping: [String], without: Bool, position: PositionRange) {
        self.op = op
        self.param = param
        self.expr = expr
        self.grouping = grouping
        self.without = without
        self.position = position
    }
}

/// A call of a function from `Functions`.
public struct Call: Sendable {
    public var function: FunctionSignature
    public var args: [Expr]
    public var position: PositionRange

    public init(function: FunctionSignature, args: [Expr], position: PositionRange) {
        self.function = function
        self.args = args
        self.position = position
    }
}

/// `( expr )`, kept in the tree so printing reproduces the parentheses.
public struct ParenExpr: Sendable {
    public var expr: Expr
    public var position: PositionRange

    public init(expr: Expr, position: PositionRange) {
        self.expr = expr
        self.position = position
    }
}
