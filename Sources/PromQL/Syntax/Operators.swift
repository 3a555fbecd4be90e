/// Binary operators in PromQL, with the precedence and associativity Prometheus's grammar gives them.
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^", atan2
    case equal = "==", notEqual = "!=", greater = ">", less = "<", greaterOrEqual = ">=", lessOrEqual = "<="
    case and, or, unless

    /// Binding strength: `or` (1) < `and unless` (2) < comparisons (3) < `+ -` (4) < `* / % atan2` (5) < `^` (6).
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and, .unless: return 2
        case .equal, .notEqual, .greater, .less, .greaterOrEqual, .lessOrEqual: return 3
        case .add, .sub: return 4
        case .mul, .div, .mod, .atan2: return 5
        case .pow: return 6
        }
    }

    /// Only `^` groups to the right: `2 ^ 3 ^ 2 == 2 ^ 9`.
    public var isRightAssociative: Bool { self == .pow }

    public var isComparison: Bool { precedence == 3 }

    /// `and`, `or`, `unless`: they select series rather than compute values.
    public var isSetOperator: Bool { self == .and || self == .or || self == .unless }
}

/// The two prefix operators; `-` on a number literal is folded into the literal while parsing.
public enum UnaryOperator: String, Sendable, Hashable {
    case plus = "+", minus = "-"
}

/// Aggregation operators; some take a parameter before the vector (`topk(5, x)`).
public enum AggregateOperator: String, Sendable, Hashable, CaseIterable {
    case sum, avg, min, max, count, group, stddev, stdvar, topk, bottomk, quantile
    case countValues = "count_values"
    case limitk
    case limitRatio = "limit_ratio"

    /// The type the parameter must have, or nil when the operator takes none.
    public var parameterType: ValueType? {
        switch self {
        case .topk, .bottomk, .quantile, .limitk, .limitRatio: return .scalar
        case .countValues: return .string
        default: return nil
        }
    }
}

/// How series on the two sides of a vector operation pair up.
public enum VectorMatchCardinality: Sendable, Hashable {
    case oneToOne, manyToOne, oneToMany, manyToMany
}

/// `on`/`ignoring` labels and `group_left`/`group_right` of a binary operation between vectors.
public struct VectorMatching: Sendable, Hashable {
    public var cardinality: VectorMatchCardinality
    /// The labels listed after `on` or `ignoring`.
    public var matchingLabels: [String]
    /// True for `on (…)`, false for `ignoring (…)` or no clause.
    public var on: Bool
    /// The extra labels listed after `group_left`/`group_right`.
    public var include: [String]

    public init(cardinality: VectorMatchCardinality = .oneToOne, matchingLabels: [String] = [], on: Bool = false, include: [String] = []) {
        self.cardinality = cardinality
        self.matchingLabels = matchingLabels
        self.on = on
        self.include = include
    }
}
