/// One lexical item of a Go template; `pos` is its byte offset, used for Go-style error positions.
struct TemplateToken: Equatable {
    enum Kind: Equatable {
        case text, leftDelim, rightDelim, identifier, field, variable, dot
        case string, number, bool, nilValue, pipe, leftParen, rightParen, declare, assign, comma, keyword
    }

    var kind: Kind
    var text: String
    var pos: Int
    /// Whether whitespace separates this token from the previous one (field chains need none).
    var spaced: Bool = false
}

/// Splits template text into tokens the way Go's text/template lexer does, including the `{{-`/`-}}`
/// trim markers (which need a space next to the dash) and `{{/* comments */}}`.
struct TemplateLexer {
    private let bytes: [UInt8]
    private let name: String
    private var index = 0
    private var tokens: [TemplateToken] = []
    private static let keywords: Set<String> = ["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue"]

    init(_ text: String, name: String) {
        bytes = Array(text.utf8)
        self.name = name
    }

    mutating func tokenize() throws(TemplateError) -> [TemplateToken] {
        var trimLeading = false
        while index < bytes.count {
            let open = find("{{", from: index) ?? bytes.count
            let trimTrailing = open + 3 < bytes.count && bytes[open + 2] == UInt8(ascii: "-") && isSpace(bytes[open + 3])
            var start = index, end = open
            if trimLeading { while start < end && isSpace(bytes[start]) { start += 1 } }
            if trimTrailing { while end > start && isSpace(bytes[end - 1]) { end -= 1 } }
            if start < end { tokens.append(TemplateToken(kind: .text, text: String(decoding: bytes[start..<end], as: UTF8.self), pos: start)) }
            guard open < bytes.count else { break }
            index = open + (trimTrailing ? 4 : 2)
            trimLeading = try lexAction(delimiterAt: open)
        }
        return tokens
    }

    /// Lexes one action from just after its opening delimiter; returns whether it ended with `-}}`.
    private mutating func lexAction(delimiterAt open: Int) throws(TemplateError) -> Bool {
        if starts(with: "/*", at: index) {
            guard let close = find("*/", from: index + 2) else { throw error("unclosed comment", at: open) }
            index = close + 2
            if starts(with: " -}}", at: index) { index += 4; return true }
            if starts(with: "}}", at: index) { index += 2; return false }
            throw error("comment ends before closing delimiter", at: open)
        }
        tokens.append(TemplateToken(kind: .leftDelim, text: "{{", pos: open))
        var spaced = false
        while true {
            guard index < bytes.count else { throw error("unclosed action", at: open) }
            let byte = bytes[index]
            if isSpace(byte) {
                if starts(with: " -}}", at: index) || (starts(with: "-}}", at: index + 1) && isSpace(byte)) {
                    tokens.append(TemplateToken(kind: .rightDelim, text: "}}", pos: index))
                    index = (find("}}", from: index) ?? index) + 2
                    return true
                }
                spaced = true
                index += 1
                continue
            }
            if starts(with: "}}", at: index) {
                tokens.append(TemplateToken(kind: .rightDelim, text: "}}", pos: index))
                index += 2
                return false
            }
            try lexItem(actionStart: open, spaced: spaced)
            spaced = false
        }
    }

    private mutating func lexItem(actionStart: Int, spaced: Bool) throws(TemplateError) {
        let start = index
        let byte = bytes[index]
        func add(_ kind: TemplateToken.Kind, _ text: String) {
            tokens.append(TemplateToken(kind: kind, text: text, pos: start, spaced: spaced))
        }
        switch byte {
        case UInt8(ascii: "|"): index += 1; add(.pipe, "|")
        case UInt8(ascii: "("): index += 1; add(.leftParen, "(")
        case UInt8(ascii: ")"): index += 1; add(.rightParen, ")")
        case UInt8(ascii: ","): index += 1; add(.comma, ",")
        case UInt8(ascii: "="): index += 1; add(.assign, "=")
        case UInt8(ascii: ":"):
            guard starts(with: ":=", at: index) else { throw error("expected :=", at: actionStart) }
            index += 2; add(.declare, ":=")
        case UInt8(ascii: "\""): add(.string, try quoted(actionStart: actionStart))
        case UInt8(ascii: "`"):
            guard let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "`")) else {
                throw error("unterminated raw quoted string", at: actionStart)
            }
            let text = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
            index = close + 1; add(.string, text)
        case UInt8(ascii: "$"):
            index += 1
            while index < bytes.count && isAlphanumeric(bytes[index]) { index += 1 }
            add(.variable, String(decoding: bytes[start..<index], as: UTF8.self))
        case UInt8(ascii: "."):
            if index + 1 < bytes.count && isDigit(bytes[index + 1]) { add(.number, number()); return }
            index += 1
            guard index < bytes.count && isAlphanumeric(bytes[index]) else { add(.dot, "."); return }
            while index < bytes.count && isAlphanumeric(bytes[index]) { index += 1 }
            add(.field, String(decoding: bytes[(start + 1)..<index], as: UTF8.self))
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            add(.number, number())
        default:
            guard isAlphanumeric(byte) else {
                throw error("unexpected \"\(Character(UnicodeScalar(byte)))\" in command", at: actionStart)
            }
            while index < bytes.count && isAlphanumeric(bytes[index]) { index += 1 }
            let word = String(decoding: bytes[start..<index], as: UTF8.self)
            switch word {
            case "true", "false": add(.bool, word)
            case "nil": add(.nilValue, word)
            default: add(Self.keywords.contains(word) ? .keyword : .identifier, word)
            }
        }
    }

    private mutating func number() -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        while index < bytes.count {
            let byte = bytes[index]
            let exponentSign = (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-"))
                && (bytes[index - 1] | 0x20) == UInt8(ascii: "e")
            guard isAlphanumeric(byte) || byte == UInt8(ascii: ".") || exponentSign else { break }
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// An interpreted string literal, unescaped (`\n \t \\ \" \xHH \uHHHH`); it may not span lines.
    private mutating func quoted(actionStart: Int) throws(TemplateError) -> String {
        var out: [UInt8] = []
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") { break }
            index += 1
            if byte == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            guard byte == UInt8(ascii: "\\"), index < bytes.count else { out.append(byte); continue }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "x"), UInt8(ascii: "u"):
                let width = escape == UInt8(ascii: "x") ? 2 : 4
                let end = min(index + width, bytes.count)
                guard let code = UInt32(String(decoding: bytes[index..<end], as: UTF8.self), radix: 16),
                      let scalar = UnicodeScalar(code) else { throw error("invalid syntax", at: actionStart) }
                index = end
                out.append(contentsOf: escape == UInt8(ascii: "x") ? [UInt8(code)] : Array(String(Character(scalar)).utf8))
            default: out.append(escape)
            }
        }
        throw error("unterminated quoted string", at: actionStart)
    }

    private func error(_ message: String, at pos: Int) -> TemplateError {
        TemplateError("template: \(name):\(line(of: pos)): \(message)")
    }

    private func line(of pos: Int) -> Int { 1 + bytes[..<min(pos, bytes.count)].filter { $0 == 10 }.count }

    private func find(_ needle: String, from start: Int) -> Int? {
        var at = start
        while at < bytes.count {
            if starts(with: needle, at: at) { return at }
            at += 1
        }
        return nil
    }

    private func starts(with prefix: String, at position: Int) -> Bool {
        let needle = Array(prefix.utf8)
        guard position >= 0, position + needle.count <= bytes.count else { return false }
        return bytes[position..<(position + needle.count)].elementsEqual(needle)
    }

    private func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }
    private func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    private func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= 97 && byte | 0x20 <= 122) || byte == UInt8(ascii: "_") || byte >= 0x80
    }
}
