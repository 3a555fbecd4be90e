import PrometheusModel

/// Literals, selectors, function calls, aggregations and parentheses.
extension Parser {
    mutating func parsePrimary() throws(ParseError) -> Expr {
        let token = current
        switch token.kind {
        case .number:
            advance()
            return .number(NumberLiteral(value: try numberValue(token), isDuration: false, position: token.position))
        case .duration:
            advance()
            let milliseconds = try durationValue(token)
            return .number(NumberLiteral(value: Double(milliseconds) / 1000, isDuration: true, position: token.position))
        case .string:
            advance()
            return .string(StringLiteral(value: token.text, position: token.position))
        case .leftParen:
            advance()
            let inner = try parseExpr(minPrecedence: 1)
            let close = try expect(.rightParen, in: "paren expression", expected: "\")\"")
            return .paren(ParenExpr(expr: inner, position: token.position.union(close.position)))
        case .leftBrace:
            return .vectorSelector(try parseSelector(name: nil, start: token.position))
        case .identifier where peekKind() == .leftParen:
            return try parseCall()
        case .aggregator(let op) where peekKind() == .leftParen || peekKind() == .keyword(.by) || peekKind() == .keyword(.without):
            return try parseAggregate(op)
        default:
            guard isMetricName(token) else { throw unexpected(expected: "expression") }
            advance()
            return .vectorSelector(try parseSelector(name: token.text, start: token.position))
        }
    }

    /// Words that can name a metric outside braces: identifiers and the keywords Prometheus's
    /// `metric_identifier` rule allows (`sum`, `by`, `offset`, `and`, …).
    func isMetricName(_ token: Token) -> Bool {
        switch token.kind {
        case .identifier, .metricIdentifier, .aggregator: return true
        case .keyword(let keyword): return [.by, .without, .offset, .start, .end].contains(keyword)
        case .binary(let op): return op == .and || op == .or || op == .unless
        default: return false
        }
    }

    /// The matchers after an optional metric name; the name becomes a trailing `__name__` matcher.
    mutating func parseSelector(name: String?, start: PositionRange) throws(ParseError) -> VectorSelector {
        var matchers: [LabelMatcher] = []
        var position = start
        if current.kind == .leftBrace {
            advance()
            while current.kind != .rightBrace {
                matchers.append(try parseMatcher())
                if current.kind == .comma {
                    advance()
                } else if current.kind != .rightBrace {
                    throw unexpected(in: "label matching", expected: "\",\" or \"}\"")
                }
            }
            position = position.union(current.position)
            advance()
        }
        if let name {
            matchers.append(try makeMatcher(.equal, "__name__", name, at: start))
        }
        return VectorSelector(name: name, matchers: matchers, offset: 0, at: nil, position: position)
    }

    /// `label op "value"`, or a bare `"name"` selecting the metric name.
    mutating func parseMatcher() throws(ParseError) -> LabelMatcher {
        let label = current
        guard label.kind == .identifier || label.kind == .string else {
            throw unexpected(in: "label matching", expected: "identifier or \"}\"")
        }
        advance()
        if label.kind == .string, current.kind == .comma || current.kind == .rightBrace {
            return try makeMatcher(.equal, "__name__", label.text, at: label.position)
        }
        let type: LabelMatcher.MatchType
        switch current.kind {
        case .assign: type = .equal
        case .binary(.notEqual): type = .notEqual
        case .regexMatch: type = .regexMatch
        case .regexNoMatch: type = .regexNoMatch
        default: throw unexpected(in: "label matching", expected: "label matching operator")
        }
        advance()
        let value = try expect(.string, in: "label matching", expected: "string")
        return try makeMatcher(type, label.text, value.text, at: label.position.union(value.position))
    }

    func makeMatcher(_ type: LabelMatcher.MatchType, _ name: String, _ value: String, at position: PositionRange) throws(ParseError) -> LabelMatcher {
        do {
            return try LabelMatcher(type, name, value)
        } catch {
            throw self.error("error parsing regexp: \(error.message)", at: position)
        }
    }

    /// `name(args…)` for a known function; argument counts and types are checked later.
    mutating func parseCall() throws(ParseError) -> Expr {
        let name = current
        guard let function = Functions.named(name.text) else {
            throw error("unknown function with name \(GoQuote.quote(name.text))", at: name.position)
        }
        advance()
        let (args, close) = try parseArguments(context: "function call")
        return .call(Call(function: function, args: args, position: name.position.union(close)))
    }

    /// `( expr, … )` returning the arguments and the closing parenthesis's range.
    mutating func parseArguments(context: String) throws(ParseError) -> ([Expr], PositionRange) {
        _ = try expect(.leftParen, in: context, expected: "\"(\"")
        var args: [Expr] = []
        while current.kind != .rightParen {
            args.append(try parseExpr(minPrecedence: 1))
            if current.kind == .comma {
                advance()
                if current.kind == .rightParen { throw error("trailing commas not allowed in function call args", at: current.position) }
            } else if current.kind != .rightParen {
                throw unexpected(in: context, expected: "\",\" or \")\"")
            }
        }
        let close = current.position
        advance()
        return (args, close)
    }

    /// `op [by|without (…)] ([param,] expr) [by|without (…)]`.
    mutating func parseAggregate(_ op: AggregateOperator) throws(ParseError) -> Expr {
        let start = current.position
        advance()
        var grouping: (labels: [String], without: Bool)?
        if let modifier = try parseGroupingModifier() { grouping = modifier }
        let (args, close) = try parseArguments(context: "aggregation")
        var end = close
        if grouping == nil, let modifier = try parseGroupingModifier() {
            grouping = modifier
            end = tokens[index - 1].position
        }
        let position = start.union(end)
        guard !args.isEmpty else { throw error("no arguments for aggregate expression provided", at: position) }
        let wanted = op.parameterType == nil ? 1 : 2
        guard args.count == wanted else {
            throw error("wrong number of arguments for aggregate expression provided, expected \(wanted), got \(args.count)", at: position)
        }
        return .aggregate(
            AggregateExpr(
                op: op, param: wanted == 2 ? args[0] : nil, expr: args[wanted - 1], grouping: grouping?.labels ?? [],
                without: grouping?.without ?? false, position: position
            )
        )
    }

    mutating func parseGroupingModifier() throws(ParseError) -> (labels: [String], without: Bool)? {
        guard case .keyword(let keyword) = current.kind, keyword == .by || keyword == .without else { return nil }
        advance()
        return (try parseLabelList(context: "grouping opts"), keyword == .without)
    }

    /// Go's rules: integers (decimal, `0x` hex, leading-zero octal) first, then floats, `Inf` and `NaN`.
    func numberValue(_ token: Token) throws(ParseError) -> Double {
        let text = token.text.lowercased()
        if text == "inf" { return .infinity }
        if text == "nan" { return .nan }
        if text.hasPrefix("0x") {
            let digits = text.dropFirst(2).filter { $0 != "_" }
            if let value = UInt64(digits, radix: 16), value <= UInt64(Int64.max) { return Double(value) }
        } else if text.count > 1, text.hasPrefix("0"), text.allSatisfy(\.isNumber), let value = Int64(text.dropFirst(), radix: 8) {
            return Double(value)
        } else if text.allSatisfy(\.isNumber), let value = Int64(text) {
            return Double(value)
        }
        guard !text.hasPrefix("0x"), let value = Double(text) else {
            throw error("error parsing number: strconv.ParseFloat: parsing \(GoQuote.quote(token.text)): invalid syntax", at: token.position)
        }
        return value
    }
}
