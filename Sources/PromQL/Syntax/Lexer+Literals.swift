import PrometheusModel

/// Numbers, durations and quoted strings, lexed by Prometheus's rules (Go escape sequences).
extension Lexer {
    /// `12`, `0x1f`, `1.5e3`, `.5` become numbers; `5m`, `1h30m`, `500ms` become durations.
    mutating func lexNumberOrDuration() -> Token {
        let start = offset
        if scanNumber() { return make(.number, from: start) }
        if acceptRemainingDuration() { return make(.duration, from: start) }
        while let byte = peek(), Lexer.isAlphaNumeric(byte) || byte == UInt8(ascii: ".") { offset += 1 }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        return error("bad number or duration syntax: \(GoQuote.quote(text))", from: start)
    }

    /// Consumes digits, a fraction and an exponent; true when nothing alphanumeric follows.
    mutating func scanNumber() -> Bool {
        var hex = false
        if peek() == UInt8(ascii: "0"), let x = peek(1), x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
            offset += 2
            hex = true
        }
        let isDigit: (UInt8) -> Bool
        if hex {
            isDigit = { $0.isHexDigit || $0 == UInt8(ascii: "_") }
        } else {
            isDigit = Lexer.isDigit
        }
        acceptRun(isDigit)
        if peek() == UInt8(ascii: ".") {
            offset += 1
            acceptRun(isDigit)
        }
        if !hex, let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            offset += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { offset += 1 }
            acceptRun(Lexer.isDigit)
        }
        guard let next = peek() else { return true }
        return !Lexer.isAlphaNumeric(next)
    }

    /// After the leading digits: unit letters, then more digit-unit pairs (`1h30m`); validated when parsed.
    mutating func acceptRemainingDuration() -> Bool {
        guard accept("smhdwy") else { return false }
        _ = accept("s")
        while let byte = peek(), Lexer.isDigit(byte) {
            acceptRun(Lexer.isDigit)
            guard accept("smhdw") else { return false }
            _ = accept("s")
        }
        guard let next = peek() else { return true }
        return !Lexer.isAlphaNumeric(next)
    }

    mutating func accept(_ set: String) -> Bool {
        guard let byte = peek(), set.utf8.contains(byte) else { return false }
        offset += 1
        return true
    }

    mutating func acceptRun(_ predicate: (UInt8) -> Bool) {
        while let byte = peek(), predicate(byte) { offset += 1 }
    }

    /// A `"…"`, `'…'` or `` `…` `` string; the token's text is the unquoted value.
    mutating func lexString(quote: UInt8) -> Token {
        let start = offset
        offset += 1
        var value: [UInt8] = []
        while true {
            guard let byte = peek() else { return error("unterminated quoted string", from: start) }
            offset += 1
            if byte == quote { break }
            if quote == UInt8(ascii: "`") {
                value.append(byte)
                continue
            }
            if byte == 0x0A { return error("unterminated quoted string", from: start) }
            if byte != UInt8(ascii: "\\") {
                value.append(byte)
                continue
            }
            if let message = lexEscape(quote: quote, into: &value) { return error(message, from: start) }
        }
        var token = make(.string, from: start)
        token.text = String(decoding: value, as: UTF8.self)
        return token
    }

    /// Decodes one escape after a backslash, as Go does; returns an error message on failure.
    mutating func lexEscape(quote: UInt8, into value: inout [UInt8]) -> String? {
        guard let byte = peek() else { return "escape sequence not terminated" }
        offset += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "a"): 0x07, UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A,
            UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09, UInt8(ascii: "v"): 0x0B, UInt8(ascii: "\\"): 0x5C,
        ]
        if byte == quote {
            value.append(byte)
            return nil
        }
        if let replacement = simple[byte] {
            value.append(replacement)
            return nil
        }
        let (count, base, isRune): (Int, UInt32, Bool)
        switch UnicodeScalar(byte) {
        case "0"..."7":
            offset -= 1
            (count, base, isRune) = (3, 8, false)
        case "x": (count, base, isRune) = (2, 16, false)
        case "u": (count, base, isRune) = (4, 16, true)
        case "U": (count, base, isRune) = (8, 16, true)
        default: return "unknown escape sequence \(GoQuote.quoteRune(scalarAt(offset - 1)))"
        }
        var number: UInt32 = 0
        for _ in 0..<count {
            guard let digit = peek(), let d = UInt32(String(UnicodeScalar(digit)), radix: Int(base)) else {
                return peek() == nil ? "escape sequence not terminated" : "illegal character in escape sequence"
            }
            offset += 1
            number = number * base + d
        }
        if !isRune {
            guard number <= 255 else { return "escape sequence is an invalid Unicode code point" }
            value.append(UInt8(number))
            return nil
        }
        guard let scalar = Unicode.Scalar(number) else { return "escape sequence is an invalid Unicode code point" }
        value.append(contentsOf: Array(String(Character(scalar)).utf8))
        return nil
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        Lexer.isDigit(self) || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f")) || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "F"))
    }
}
