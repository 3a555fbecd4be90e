import PrometheusModel
/// The postfix modifiers: `[range]`, `[range:step]`, `offset d` and `@ t`.
extension Parser {
    static let modifierTarget = "must be preceded by an instant vector selector or range vector selector or a subquery"

    mutating func parsePostfix(_ operand: Expr) throws(ParseError) -> Expr {
        var expr = operand
        while true {
            switch current.kind {
            case .leftBracket:
                try deepen()
                expr = try parseRange(on: expr)
            case .keyword(.offset): expr = try parseOffset(on: expr)
            case .at: expr = try parseAt(on: expr)
            default: return expr
            }
        }
    }

    /// `[5m]` on a plain selector, or `[5m:1m]` / `[5m:]` on any expression.
    mutating func parseRange(on expr: Expr) throws(ParseError) -> Expr {
        advance()
        let range = try parseDuration(context: "range")
        guard range > 0 else { throw error("duration must be greater than 0", at: tokens[index - 1].position) }
        if current.kind == .colon {
            advance()
            var step: Int64 = 0
            if current.kind != .rightBracket { step = try parseDuration(context: "subquery step") }
            let close = try expect(.rightBracket, in: "subquery selector", expected: "\"]\"")
            return .subquery(
                SubqueryExpr(expr: expr, range: range, step: step, offset: 0, at: nil, position: expr.position.union(close.position))
            )
        }
        let close = try expect(.rightBracket, in: "matrix selector", expected: "\"]\" or \":\"")
        guard case .vectorSelector(let selector) = expr else {
            throw error("ranges only allowed for vector selectors", at: expr.position)
        }
        if selector.offset != 0 { throw error("no offset modifiers allowed before range", at: expr.position) }
        if selector.at != nil { throw error("no @ modifiers allowed before range", at: expr.position) }
        return .matrixSelector(MatrixSelector(selector: selector, range: range, position: expr.position.union(close.position)))
    }

    /// A duration (`5m`) or a number of seconds (`300`, `1.5`), in milliseconds.
    mutating func parseDuration(context: String) throws(ParseError) -> Int64 {
        let token = current
        switch token.kind {
        case .duration:
            advance()
            return try durationValue(token)
        case .number:
            advance()
            let seconds = try numberValue(token)
            let milliseconds = (seconds * 1000).rounded()
            guard milliseconds.isFinite, abs(milliseconds) < 9.2e18 else {
                throw error("duration out of range: \(token.text)", at: token.position)
            }
            return Int64(milliseconds)
        default:
            throw unexpected(in: context, expected: "duration")
        }
    }

    func durationValue(_ token: Token) throws(ParseError) -> Int64 {
        guard let milliseconds = PrometheusDuration.milliseconds(token.text) else {
            throw error("not a valid duration string: \(GoQuote.quote(token.text))", at: token.position)
        }
        return milliseconds
    }

    /// `offset 5m` or `offset -5m`, attached to the selector or subquery on the left.
    mutating func parseOffset(on expr: Expr) throws(ParseError) -> Expr {
        advance()
        var sign: Int64 = 1
        if current.kind == .binary(.sub) {
            sign = -1
            advance()
        } else if current.kind == .binary(.add) {
            advance()
        }
        let offset = sign * (try parseDuration(context: "offset"))
        let end = tokens[index - 1].position
        let duplicate = error("offset may not be set multiple times", at: expr.position.union(end))
        switch expr {
        case .vectorSelector(var node):
            if node.offset != 0 { throw duplicate }
            node.offset = offset
            node.position = node.position.union(end)
            return .vectorSelector(node)
        case .matrixSelector(var node):
            if node.selector.offset != 0 { throw duplicate }
            node.selector.offset = offset
            node.position = node.position.union(end)
            return .matrixSelector(node)
        case .subquery(var node):
            if node.offset != 0 { throw duplicate }
            node.offset = offset
            node.position = node.position.union(end)
            return .subquery(node)
        default:
            throw error("offset modifier \(Parser.modifierTarget)", at: expr.position)
        }
    }

    /// `@ 1609746000`, `@ start()` or `@ end()`.
    mutating func parseAt(on expr: Expr) throws(ParseError) -> Expr {
        advance()
        let at: AtModifier
        if case .keyword(let keyword) = current.kind, keyword == .start || keyword == .end {
            advance()
            _ = try expect(.leftParen, in: "@ modifier", expected: "\"(\"")
            _ = try expect(.rightParen, in: "@ modifier", expected: "\")\"")
            at = keyword == .start ? .start : .end
        } else {
            var sign = 1.0
            if case .binary(let op) = current.kind, op == .add || op == .sub {
                sign = op == .sub ? -1 : 1
                advance()
            }
            let token = try expect(.number, in: "@ modifier", expected: "number or start() or end()")
            let seconds = sign * (try numberValue(token))
            guard seconds.isFinite, abs(seconds * 1000) < 9.2e18 else {
                throw error("timestamp out of bounds for @ modifier: \(seconds)", at: token.position)
            }
            at = .timestamp(milliseconds: Int64((seconds * 1000).rounded()))
        }
        let end = tokens[index - 1].position
        let duplicate = error("@ <timestamp> may not be set multiple times", at: expr.position.union(end))
        switch expr {
        case .vectorSelector(var node):
            if node.at != nil { throw duplicate }
            node.at = at
            node.position = node.position.union(end)
            return .vectorSelector(node)
        case .matrixSelector(var node):
            if node.selector.at != nil { throw duplicate }
            node.selector.at = at
            node.position = node.position.union(end)
            return .matrixSelector(node)
        case .subquery(var node):
            if node.at != nil { throw duplicate }
            node.at = at
            node.position = node.position.union(end)
            return .subquery(node)
        default:
            throw error("@ modifier \(Parser.modifierTarget)", at: expr.position)
        }
    }
}
