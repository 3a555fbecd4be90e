/// Builds the parse tree from tokens, with the checks Go makes at parse time: unknown functions,
/// undefined variables, misplaced `else`/`end`, missing values in commands.
struct TemplateParser {
    private let tokens: [TemplateToken]
    private let name: String
    private let text: [UInt8]
    private var index = 0
    private var scopes: [[String]] = [["$"]]

    init(_ text: String, name: String) throws(TemplateError) {
        var lexer = TemplateLexer(text, name: name)
        tokens = try lexer.tokenize()
        self.name = name
        self.text = Array(text.utf8)
    }

    mutating func parse() throws(TemplateError) -> [TemplateNode] {
        let (nodes, end) = try list()
        if let end { throw error("unexpected {{\(end.text)}}", at: end.pos) }
        return nodes
    }

    /// Nodes up to `{{end}}`, `{{else}}` or the end of input; returns the keyword token that stopped it.
    private mutating func list() throws(TemplateError) -> ([TemplateNode], TemplateToken?) {
        var nodes: [TemplateNode] = []
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if token.kind == .text { nodes.append(.text(token.text)); continue }
            let head = try peek(after: token)
            if head.kind == .keyword {
                index += 1
                switch head.text {
                case "end", "else": return (nodes, head)
                case "if", "with": nodes.append(try conditional(isWith: head.text == "with"))
                case "range": nodes.append(try rangeNode())
                default: throw error("unexpected {{\(head.text)}}", at: head.pos)
                }
            } else {
                let pipeline = try self.pipeline(declarations: true)
                try expect(.rightDelim, context: "command")
                nodes.append(.action(pipeline))
            }
        }
        return (nodes, nil)
    }

    private mutating func conditional(isWith: Bool) throws(TemplateError) -> TemplateNode {
        scopes.append([])
        defer { scopes.removeLast() }
        let condition = try pipeline(declarations: true)
        try expect(.rightDelim, context: isWith ? "with" : "if")
        let (body, end) = try list()
        guard let end else { throw error("unexpected EOF", at: text.count) }
        var otherwise: [TemplateNode] = []
        if end.text == "else" {
            if index < tokens.count, tokens[index].kind == .keyword, tokens[index].text == "if" || tokens[index].text == "with" {
                index += 1
                return .conditional(isWith: isWith, condition, body: body, otherwise: [try conditional(isWith: tokens[index - 1].text == "with")])
            }
            try expect(.rightDelim, context: "else")
            let (rest, last) = try list()
            guard last?.text == "end" else { throw error("expected end; found \(last.map { "{{\($0.text)}}" } ?? "EOF")", at: last?.pos ?? text.count) }
            otherwise = rest
        }
        try expect(.rightDelim, context: "end")
        return .conditional(isWith: isWith, condition, body: body, otherwise: otherwise)
    }

    private mutating func rangeNode() throws(TemplateError) -> TemplateNode {
        scopes.append([])
        defer { scopes.removeLast() }
        let over = try pipeline(declarations: true)
        try expect(.rightDelim, context: "range")
        let (body, end) = try list()
        guard let end else { throw error("unexpected EOF", at: text.count) }
        var otherwise: [TemplateNode] = []
        if end.text == "else" {
            try expect(.rightDelim, context: "else")
            let (rest, last) = try list()
            guard last?.text == "end" else { throw error("expected end", at: last?.pos ?? text.count) }
            otherwise = rest
        }
        try expect(.rightDelim, context: "end")
        return .range(over, body: body, otherwise: otherwise)
    }

    private mutating func pipeline(declarations: Bool) throws(TemplateError) -> TemplatePipeline {
        var result = TemplatePipeline(pos: index < tokens.count ? tokens[index].pos : text.count)
        if declarations { try parseDeclarations(into: &result) }
        while true {
            result.commands.append(try command())
            guard index < tokens.count, tokens[index].kind == .pipe else { break }
            index += 1
        }
        for (stage, command) in result.commands.enumerated().dropFirst() {
            guard case .function = command.operands[0] else {
                throw error("non executable command in pipeline stage \(stage + 1)", at: command.pos)
            }
        }
        return result
    }

    private mutating func parseDeclarations(into pipeline: inout TemplatePipeline) throws(TemplateError) {
        var names: [String] = []
        var at = index
        while at + 1 < tokens.count, tokens[at].kind == .variable {
            names.append(tokens[at].text)
            let next = tokens[at + 1].kind
            if next == .declare || next == .assign {
                if next == .assign, let missing = names.first(where: { !isDeclared($0) }) {
                    throw error("undefined variable \"\(missing)\"", at: tokens[at].pos)
                }
                pipeline.variables = names
                pipeline.isAssignment = next == .assign
                index = at + 2
                if next == .declare { scopes[scopes.count - 1].append(contentsOf: names) }
                return
            }
            guard next == .comma else { return }
            at += 2
        }
    }

    private mutating func command() throws(TemplateError) -> TemplateCommand {
        let start = index < tokens.count ? tokens[index].pos : text.count
        var operands: [TemplateOperand] = []
        while index < tokens.count {
            let kind = tokens[index].kind
            if kind == .pipe || kind == .rightDelim || kind == .rightParen { break }
            operands.append(try operand())
        }
        guard !operands.isEmpty else { throw error("missing value for command", at: start) }
        let end = index < tokens.count ? tokens[index].pos : text.count
        let source = String(decoding: text[start..<end], as: UTF8.self).trimmingTrailingSpaces()
        return TemplateCommand(operands: operands, pos: start, source: source)
    }

    private mutating func operand() throws(TemplateError) -> TemplateOperand {
        let token = tokens[index]
        index += 1
        let base: TemplateOperand
        switch token.kind {
        case .identifier:
            guard TemplateFunctions.names.contains(token.text) else { throw error("function \"\(token.text)\" not defined", at: token.pos) }
            base = .function(token.text)
        case .dot: base = .dot
        case .field: base = .field([token.text])
        case .variable:
            guard isDeclared(token.text) else { throw error("undefined variable \"\(token.text)\"", at: token.pos) }
            base = .variable(token.text, fields: [])
        case .string: base = .string(token.text)
        case .bool: base = .bool(token.text == "true")
        case .nilValue: base = .nilValue
        case .number: base = try number(token)
        case .leftParen:
            let inner = try pipeline(declarations: false)
            try expect(.rightParen, context: "parenthesized pipeline")
            base = .pipeline(inner, fields: [])
        default: throw error("unexpected \"\(token.text)\" in operand", at: token.pos)
        }
        var fields: [String] = []
        while index < tokens.count, tokens[index].kind == .field, !tokens[index].spaced {
            fields.append(tokens[index].text)
            index += 1
        }
        guard !fields.isEmpty else { return base }
        switch base {
        case .field(let head): return .field(head + fields)
        case .variable(let name, _): return .variable(name, fields: fields)
        case .pipeline(let inner, _): return .pipeline(inner, fields: fields)
        default: throw error("unexpected . after term \"\(token.text)\"", at: token.pos)
        }
    }

    private func number(_ token: TemplateToken) throws(TemplateError) -> TemplateOperand {
        let text = token.text.replacingUnderscores()
        if let value = Int(text) { return .int(value) }
        let unsigned = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.dropFirst()) : text
        if unsigned.lowercased().hasPrefix("0x"), let value = Int(unsigned.dropFirst(2), radix: 16) {
            return .int(text.hasPrefix("-") ? -value : value)
        }
        if let value = Double(text), !text.lowercased().contains("inf"), !text.lowercased().contains("nan") { return .float(value) }
        throw error("bad number syntax: \"\(token.text)\"", at: token.pos)
    }

    private func isDeclared(_ variable: String) -> Bool {
        scopes.contains { $0.contains(variable) }
    }

    private func peek(after token: TemplateToken) throws(TemplateError) -> TemplateToken {
        guard index < tokens.count else { throw error("unclosed action", at: token.pos) }
        return tokens[index]
    }

    private mutating func expect(_ kind: TemplateToken.Kind, context: String) throws(TemplateError) {
        guard index < tokens.count else { throw error("unclosed action", at: text.count) }
        let token = tokens[index]
        guard token.kind == kind else { throw error("unexpected \"\(token.text)\" in \(context)", at: token.pos) }
        index += 1
    }

    private func error(_ message: String, at pos: Int) -> TemplateError {
        TemplateError("template: \(name):\(1 + text[..<min(pos, text.count)].filter { $0 == 10 }.count): \(message)")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = Substring(self)
        while let last = copy.last, last == " " || last == "\t" || last == "\n" || last == "\r" { copy.removeLast() }
        return String(copy)
    }

    fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
