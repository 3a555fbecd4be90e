/// Parses PromQL into an `Expr` by precedence climbing, then type-checks the tree.
///
/// Precedence and associativity follow Prometheus's grammar: `or` < `and unless` < comparisons
/// < `+ -` < `* / % atan2` < `^` (right-associative); unary `+`/`-` binds like `*`, so
/// `-2 ^ 2` is `-(2 ^ 2)`; `offset`, `@` and `[…]` bind tightest, to the operand on their left.
///
/// Unlike Prometheus, nesting is limited to `maxDepth` levels, so a pathological query is an error
/// rather than a stack overflow in this recursive parser (real rules nest a few dozen levels at most).
public struct Parser {
    public static let maxDepth = 256

    let query: String
    let tokens: [Token]
    var index = 0
    var depth = 0

    init(_ query: String) {
        self.query = query
        tokens = Lexer.tokenize(query)
    }

    /// The expression in `query`, or every error found (the first syntax error, or all type errors).
    public static func parse(_ query: String) throws(ParseErrors) -> Expr {
        var parser = Parser(query)
        let expr: Expr
        do {
            expr = try parser.parseWhole()
        } catch {
            throw ParseErrors([error])
        }
        var checker = TypeChecker(query: query)
        let checked = checker.check(expr)
        if !checker.errors.isEmpty { throw ParseErrors(checker.errors) }
        return checked
    }

    mutating func parseWhole() throws(ParseError) -> Expr {
        if current.kind == .eof { throw error("no expression found in input", at: current.position) }
        let expr = try parseExpr(minPrecedence: 1)
        guard current.kind == .eof else { throw unexpected() }
        return expr
    }

    // MARK: - Expressions

    mutating func parseExpr(minPrecedence: Int) throws(ParseError) -> Expr {
        let entryDepth = depth
        defer { depth = entryDepth }
        try deepen()
        var lhs = try parseUnary()
        while case .binary(let op) = current.kind, op.precedence >= minPrecedence {
            try deepen()
            advance()
            let (returnBool, matching) = try parseBinaryModifiers()
            let rhs = try parseExpr(minPrecedence: op.isRightAssociative ? op.precedence : op.precedence + 1)
            lhs = .binary(
                BinaryExpr(op: op, lhs: lhs, rhs: rhs, returnBool: returnBool, matching: matching, position: lhs.position.union(rhs.position))
            )
        }
        return lhs
    }

    /// Prefix `+`/`-`; the operand takes only `^` and postfix modifiers, and a number literal absorbs the sign.
    mutating func parseUnary() throws(ParseError) -> Expr {
        guard case .binary(let op) = current.kind, op == .add || op == .sub else {
            return try parsePostfix(parsePrimary())
        }
        let opPosition = current.position
        advance()
        let operand = try parseExpr(minPrecedence: BinaryOperator.pow.precedence)
        if case .number(var literal) = operand {
            if op == .sub { literal.value = -literal.value }
            literal.position = opPosition.union(literal.position)
            return .number(literal)
        }
        return .unary(UnaryExpr(op: op == .add ? .plus : .minus, expr: operand, position: opPosition.union(operand.position)))
    }

    /// `bool`, `on`/`ignoring (…)`, `group_left`/`group_right [(…)]` after a binary operator.
    mutating func parseBinaryModifiers() throws(ParseError) -> (Bool, VectorMatching) {
        var returnBool = false
        var matching = VectorMatching()
        if current.kind == .keyword(.bool) {
            returnBool = true
            advance()
        }
        guard case .keyword(let keyword) = current.kind, keyword == .on || keyword == .ignoring else {
            return (returnBool, matching)
        }
        advance()
        matching.on = keyword == .on
        matching.matchingLabels = try parseLabelList(context: "grouping opts")
        if case .keyword(let group) = current.kind, group == .groupLeft || group == .groupRight {
            advance()
            matching.cardinality = group == .groupLeft ? .manyToOne : .oneToMany
            if current.kind == .leftParen { matching.include = try parseLabelList(context: "grouping opts") }
        }
        return (returnBool, matching)
    }

    /// `(a, b, …)` with an optional trailing comma; keywords are valid label names here.
    mutating func parseLabelList(context: String) throws(ParseError) -> [String] {
        guard current.kind == .leftParen else { throw unexpected(in: context, expected: "\"(\"") }
        advance()
        var labels: [String] = []
        while current.kind != .rightParen {
            guard let label = labelName(current) else { throw unexpected(in: context, expected: "label") }
            labels.append(label)
            advance()
            if current.kind == .comma {
                advance()
            } else if current.kind != .rightParen {
                throw unexpected(in: context, expected: "\",\" or \")\"")
            }
        }
        advance()
        return labels
    }

    /// The label name a token spells in a grouping list, if any.
    func labelName(_ token: Token) -> String? {
        switch token.kind {
        case .identifier, .keyword, .aggregator: return token.text
        case .string: return token.text
        case .binary(let op) where op == .and || op == .or || op == .unless || op == .atan2: return token.text
        default: return nil
        }
    }

    /// Counts one more level of tree depth, failing beyond `maxDepth`.
    mutating func deepen() throws(ParseError) {
        depth += 1
        if depth > Parser.maxDepth {
            throw error("expression nests more than \(Parser.maxDepth) levels deep", at: current.position)
        }
    }

    // MARK: - Tokens

    var current: Token { tokens[index] }

    func peekKind(_ ahead: Int = 1) -> TokenKind {
        tokens[min(index + ahead, tokens.count - 1)].kind
    }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    mutating func expect(_ kind: TokenKind, in context: String, expected: String) throws(ParseError) -> Token {
        let token = current
        guard token.kind == kind else { throw unexpected(in: context, expected: expected) }
        advance()
        return token
    }

    func error(_ message: String, at position: PositionRange) -> ParseError {
        ParseError(position: position, message: message, query: query)
    }

    /// `unexpected <token> [in <context>][, expected <what>]`, or the lexer's message at an error token.
    func unexpected(in context: String? = nil, expected: String? = nil) -> ParseError {
        if current.kind == .error { return error(current.text, at: current.position) }
        var message = "unexpected \(current.describedForError)"
        if let context { message += " in \(context)" }
        if let expected { message += ", expected \(expected)" }
        return error(message, at: current.position)
    }
}
