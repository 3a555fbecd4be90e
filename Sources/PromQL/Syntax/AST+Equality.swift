/// Structural equality: source positions are not compared, and NaN literals equal each other,
/// so two trees are equal exactly when they denote the same query.
extension NumberLiteral: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        a.isDuration == b.isDuration && (a.value == b.value || (a.value.isNaN && b.value.isNaN))
    }
}

extension StringLiteral: Equatable {
    public static func == (a: Self, b: Self) -> Bool { a.value == b.value }
}

extension VectorSelector: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.matchers == b.matchers && a.offset == b.offset && a.at == b.at
    }
}

extension MatrixSelector: Equatable {
    public static func == (a: Self, b: Self) -> Bool { a.selector == b.selector && a.range == b.range }
}

extension SubqueryExpr: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        a.expr == b.expr && a.range == b.range && a.step == b.step && a.offset == b.offset && a.at == b.at
    }
}

extension UnaryExpr: Equatable {
    public static func == (a: Self, b: Self) -> Bool { a.op == b.op && a.expr == b.expr }
}

extension BinaryExpr: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        a.op == b.op && a.lhs == b.lhs && a.rhs == b.rhs && a.returnBool == b.returnBool && a.matching == b.matching
    }
}

extension AggregateExpr: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        a.op == b.op && a.param == b.param && a.expr == b.expr && a.grouping == b.grouping && a.without == b.without
    }
}

extension Call: Equatable {
    public static func == (a: Self, b: Self) -> Bool { a.function.name == b.function.name && a.args == b.args }
}

extension ParenExpr: Equatable {
    public static func == (a: Self, b: Self) -> Bool { a.expr == b.expr }
}
