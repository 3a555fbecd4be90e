/// A problem inside one piece of notation (series, values, string); the script reader adds the
/// file and line when it turns this into a `ScriptError`.
public struct NotationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// PromQL string literals, which follow Go's rules: `"..."` and `'...'` with backslash escapes
/// (`\n`, `\xHH`, `\ooo`, `\uHHHH`, `\UHHHHHHHH`, …) and raw `` `...` `` without escapes.
enum GoStringLiteral {
    /// Reads the literal starting at `bytes[index]` (the opening quote) and returns its value and
    /// the index just past the closing quote.
    static func read(_ bytes: [UInt8], at start: Int) throws(NotationError) -> (value: String, end: Int) {
        guard start < bytes.count else { throw NotationError("expected a quoted string") }
        let quote = bytes[start]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") || quote == UInt8(ascii: "`") else {
            throw NotationError("expected a quoted string")
        }
        var out: [UInt8] = []
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                guard let value = String(validating: out, as: UTF8.self) else {
                    throw NotationError("string is not valid UTF-8")
                }
                return (value, index + 1)
            }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\\"), quote != UInt8(ascii: "`") {
                index = try unescape(bytes, at: index + 1, quote: quote, into: &out)
            } else {
                out.append(byte)
                index += 1
            }
        }
        throw NotationError("unterminated string")
    }

    /// Parses a whole text that must be exactly one literal.
    static func parse(_ text: some StringProtocol) throws(NotationError) -> String {
        let bytes = Array(text.utf8)
        let (value, end) = try read(bytes, at: 0)
        guard end == bytes.count else { throw NotationError("unexpected text after string") }
        return value
    }

    /// Decodes the escape whose letter is at `index`, appending its bytes; returns the index after it.
    private static func unescape(_ bytes: [UInt8], at index: Int, quote: UInt8, into out: inout [UInt8]) throws(NotationError) -> Int {
        guard index < bytes.count else { throw NotationError("unterminated escape") }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "a"): 7, UInt8(ascii: "b"): 8, UInt8(ascii: "f"): 12, UInt8(ascii: "n"): 10,
            UInt8(ascii: "r"): 13, UInt8(ascii: "t"): 9, UInt8(ascii: "v"): 11, UInt8(ascii: "\\"): 92,
        ]
        let letter = bytes[index]
        if let byte = simple[letter] {
            out.append(byte)
            return index + 1
        }
        if letter == quote {
            out.append(letter)
            return index + 1
        }
        switch letter {
        case UInt8(ascii: "x"):
            out.append(UInt8(try number(bytes, from: index + 1, digits: 2, radix: 16, limit: 0xFF)))
            return index + 3
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            out.append(UInt8(try number(bytes, from: index, digits: 3, radix: 8, limit: 0xFF)))
            return index + 3
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = letter == UInt8(ascii: "u") ? 4 : 8
            let code = try number(bytes, from: index + 1, digits: digits, radix: 16, limit: 0x10FFFF)
            guard let scalar = Unicode.Scalar(code) else { throw NotationError("invalid Unicode code point in escape") }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
            return index + 1 + digits
        default:
            throw NotationError("unknown escape sequence \\\(Character(Unicode.Scalar(letter)))")
        }
    }

    private static func number(_ bytes: [UInt8], from start: Int, digits: Int, radix: UInt32, limit: UInt32) throws(NotationError) -> UInt32 {
        guard start + digits <= bytes.count else { throw NotationError("escape sequence is too short") }
        var value: UInt32 = 0
        for byte in bytes[start..<start + digits] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue, UInt32(digit) < radix else {
                throw NotationError("invalid digit in escape sequence")
            }
            value = value * radix + UInt32(digit)
        }
        guard value <= limit else { throw NotationError("escape sequence value out of range") }
        return value
    }
}
