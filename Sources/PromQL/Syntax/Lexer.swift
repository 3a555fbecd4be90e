import PrometheusModel

/// Splits a PromQL query into tokens, each with its byte range.
///
/// It follows Prometheus's lexer: inside `{…}` every word is a label name, inside `[…]` a `:`
/// separates a subquery's range from its step, and elsewhere `:` may start a metric name.
/// Lexical errors become `.error` tokens (the text is the message) and end the stream.
public struct Lexer {
    let bytes: [UInt8]
    var offset = 0
    var braceOpen = false
    var bracketDepth = 0

    public init(_ query: String) {
        bytes = Array(query.utf8)
    }

    /// Every token up to and including `.eof` or the first `.error`.
    public static func tokenize(_ query: String) -> [Token] {
        var lexer = Lexer(query)
        var tokens: [Token] = []
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .eof || token.kind == .error { return tokens }
        }
    }

    /// The next token, skipping whitespace and `#` comments.
    public mutating func next() -> Token {
        skipSpaceAndComments()
        let start = offset
        guard let byte = peek() else { return make(.eof, from: start) }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
            return lexString(quote: byte)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."):
            return lexNumberOrDuration()
        case _ where Lexer.isAlpha(byte) || (byte == UInt8(ascii: ":") && bracketDepth == 0 && !braceOpen):
            return lexWord()
        default:
            return lexPunctuation()
        }
    }

    mutating func lexPunctuation() -> Token {
        let start = offset
        let byte = bytes[offset]
        offset += 1
        let following = peek()
        func two(_ kind: TokenKind) -> Token {
            offset += 1
            return make(kind, from: start)
        }
        switch UnicodeScalar(byte) {
        case "(": return make(.leftParen, from: start)
        case ")": return make(.rightParen, from: start)
        case "{":
            braceOpen = true
            return make(.leftBrace, from: start)
        case "}":
            braceOpen = false
            return make(.rightBrace, from: start)
        case "[":
            bracketDepth += 1
            return make(.leftBracket, from: start)
        case "]":
            bracketDepth = max(0, bracketDepth - 1)
            return make(.rightBracket, from: start)
        case ",": return make(.comma, from: start)
        case ":": return make(.colon, from: start)
        case "@": return make(.at, from: start)
        case "+": return make(.binary(.add), from: start)
        case "-": return make(.binary(.sub), from: start)
        case "*": return make(.binary(.mul), from: start)
        case "/": return make(.binary(.div), from: start)
        case "%": return make(.binary(.mod), from: start)
        case "^": return make(.binary(.pow), from: start)
        case "=":
            if following == UInt8(ascii: "=") { return two(.binary(.equal)) }
            if following == UInt8(ascii: "~") { return two(.regexMatch) }
            return make(.assign, from: start)
        case "!":
            if following == UInt8(ascii: "=") { return two(.binary(.notEqual)) }
            if following == UInt8(ascii: "~") { return two(.regexNoMatch) }
            return error("unexpected character after '!'", from: start)
        case "<":
            return following == UInt8(ascii: "=") ? two(.binary(.lessOrEqual)) : make(.binary(.less), from: start)
        case ">":
            return following == UInt8(ascii: "=") ? two(.binary(.greaterOrEqual)) : make(.binary(.greater), from: start)
        default:
            return error("unexpected character: \(GoQuote.quoteRune(scalarAt(start)))", from: start)
        }
    }

    /// An identifier, metric name, keyword, aggregation operator, or `Inf`/`NaN`.
    mutating func lexWord() -> Token {
        let start = offset
        let allowColon = !braceOpen && bracketDepth == 0
        while let byte = peek(), Lexer.isAlphaNumeric(byte) || (allowColon && byte == UInt8(ascii: ":")) {
            offset += 1
        }
        let word = String(decoding: bytes[start..<offset], as: UTF8.self)
        if braceOpen { return make(.identifier, from: start) }
        let lower = word.lowercased()
        if lower == "inf" || lower == "nan" { return make(.number, from: start) }
        if let keyword = Keyword(rawValue: lower) { return make(.keyword(keyword), from: start) }
        if let aggregator = AggregateOperator(rawValue: lower) { return make(.aggregator(aggregator), from: start) }
        switch lower {
        case "and": return make(.binary(.and), from: start)
        case "or": return make(.binary(.or), from: start)
        case "unless": return make(.binary(.unless), from: start)
        case "atan2": return make(.binary(.atan2), from: start)
        default: return make(word.contains(":") ? .metricIdentifier : .identifier, from: start)
        }
    }

    mutating func skipSpaceAndComments() {
        while let byte = peek() {
            if byte == UInt8(ascii: "#") {
                while let next = peek(), next != UInt8(ascii: "\n") { offset += 1 }
            } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                offset += 1
            } else {
                return
            }
        }
    }

    func peek(_ ahead: Int = 0) -> UInt8? {
        offset + ahead < bytes.count ? bytes[offset + ahead] : nil
    }

    func make(_ kind: TokenKind, from start: Int) -> Token {
        Token(kind: kind, text: String(decoding: bytes[start..<offset], as: UTF8.self), position: PositionRange(start: start, end: offset))
    }

    mutating func error(_ message: String, from start: Int) -> Token {
        offset = max(offset, start + 1)
        return Token(kind: .error, text: message, position: PositionRange(start: start, end: min(offset, bytes.count)))
    }

    /// The Unicode scalar starting at byte `index` (U+FFFD for a malformed sequence).
    func scalarAt(_ index: Int) -> Unicode.Scalar {
        var iterator = bytes[index...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return "\u{FFFD}"
    }

    static func isAlpha(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isAlphaNumeric(_ byte: UInt8) -> Bool { isAlpha(byte) || isDigit(byte) }
}
