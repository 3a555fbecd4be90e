import PrometheusModel

/// Canonical PromQL text for a tree, laid out as Prometheus's `String()` methods do, so that
/// parsing the printed text gives back an equal tree.
extension Expr: CustomStringConvertible {
    public var description: String {
        switch self {
        case .number(let node): return node.description
        case .string(let node): return GoQuote.quote(node.value)
        case .vectorSelector(let node): return node.description
        case .matrixSelector(let node): return node.description
        case .subquery(let node): return node.description
        case .unary(let node): return node.op.rawValue + node.expr.description
        case .binary(let node): return node.description
        case .aggregate(let node): return node.description
        case .call(let node): return node.function.name + "(" + node.args.map(\.description).joined(separator: ", ") + ")"
        case .paren(let node): return "(" + node.expr.description + ")"
        }
    }
}

extension NumberLiteral: CustomStringConvertible {
    /// Durations print as durations (`5m`); other numbers in Go's shortest `%g` form.
    public var description: String {
        if isDuration, value.isFinite, abs(value) < 9e15 {
            return PrometheusDuration.format(Int64((value * 1000).rounded()))
        }
        return NumberFormat.string(value)
    }
}

extension VectorSelector: CustomStringConvertible {
    public var description: String {
        let explicit = name == nil ? matchers : Array(matchers.dropLast())
        var text = name ?? ""
        if !explicit.isEmpty || name == nil {
            text += "{" + explicit.map(\.description).joined(separator: ",") + "}"
        }
        return text + Printer.modifiers(at: at, offset: offset)
    }
}

extension MatrixSelector: CustomStringConvertible {
    public var description: String {
        var bare = selector
        bare.offset = 0
        bare.at = nil
        return bare.description + "[" + PrometheusDuration.format(range) + "]" + Printer.modifiers(at: selector.at, offset: selector.offset)
    }
}

extension SubqueryExpr: CustomStringConvertible {
    public var description: String {
        let stepText = step == 0 ? "" : PrometheusDuration.format(step)
        return expr.description + "[" + PrometheusDuration.format(range) + ":" + stepText + "]" + Printer.modifiers(at: at, offset: offset)
    }
}

extension BinaryExpr: CustomStringConvertible {
    public var description: String {
        var text = lhs.description + " " + op.rawValue
        if returnBool { text += " bool" }
        if let matching, matching.on || !matching.matchingLabels.isEmpty || matching.cardinality == .manyToOne || matching.cardinality == .oneToMany {
            text += (matching.on ? " on (" : " ignoring (") + Printer.labelList(matching.matchingLabels) + ")"
            if matching.cardinality == .manyToOne || matching.cardinality == .oneToMany {
                text += (matching.cardinality == .manyToOne ? " group_left (" : " group_right (") + Printer.labelList(matching.include) + ")"
            }
        }
        return text + " " + rhs.description
    }
}

extension AggregateExpr: CustomStringConvertible {
    public var description: String {
        var text = op.rawValue
        if without {
            text += " without (" + Printer.labelList(grouping) + ") "
        } else if !grouping.isEmpty {
            text += " by (" + Printer.labelList(grouping) + ") "
        }
        text += "("
        if let param { text += param.description + ", " }
        return text + expr.description + ")"
    }
}

/// Shared pieces of the printer.
enum Printer {
    /// `a, b`, quoting names that are not legacy label names.
    static func labelList(_ labels: [String]) -> String {
        labels.map { LabelMatcher.isLegacyName($0) ? $0 : GoQuote.quote($0) }.joined(separator: ", ")
    }

    /// ` @ 123.000` then ` offset 5m`, in that order, as Prometheus prints them.
    static func modifiers(at: AtModifier?, offset: Int64) -> String {
        var text = ""
        switch at {
        case .timestamp(let milliseconds):
            let sign = milliseconds < 0 ? "-" : ""
            let magnitude = milliseconds.magnitude
            let fraction = String(magnitude % 1000)
            text += " @ " + sign + String(magnitude / 1000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
        case .start: text += " @ start()"
        case .end: text += " @ end()"
        case nil: break
        }
        if offset != 0 { text += " offset " + PrometheusDuration.format(offset) }
        return text
    }
}
