/// Why a JSON text was refused, and where.
///
/// `offset` counts bytes from the start of the parsed range (the document or NDJSON line, not the whole buffer),
/// so an ingest endpoint can answer 400 with a message that points at the problem:
/// `"expected ':' after object key at byte 17"`.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A short, human-readable reason; it names the rule that was broken and may change between versions.
    public var reason: String
    /// Byte offset of the offending byte, relative to the start of the parsed range.
    public var offset: Int

    public init(reason: String, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String { "\(reason) at byte \(offset)" }
}

/// The reasons the parser gives, in one place so that tests and callers see the same wording.
enum JSONErrorReason {
    static let empty = "expected a JSON value, found end of input"
    static let unexpectedEnd = "unexpected end of input"
    static let unexpectedByte = "expected a JSON value"
    static let trailingContent = "unexpected data after the JSON value"
    static let byteOrderMark = "byte order mark is not allowed"
    static let tooDeep = "nesting is deeper than the limit"
    static let tooLarge = "document is larger than 4 GiB"

    static let expectedKey = "expected a string as object key"
    static let expectedColon = "expected ':' after object key"
    static let expectedCommaOrBrace = "expected ',' or '}' after object member"
    static let expectedCommaOrBracket = "expected ',' or ']' after array element"
    static let trailingCommaInObject = "trailing comma in object"
    static let trailingCommaInArray = "trailing comma in array"

    static let unterminatedString = "unterminated string"
    static let controlCharacter = "unescaped control character in string"
    static let invalidEscape = "invalid escape sequence"
    static let invalidUnicodeEscape = "\\u must be followed by four hex digits"
    static let loneSurrogate = "\\u escape is an unpaired UTF-16 surrogate"
    static let invalidUTF8 = "invalid UTF-8"

    static let leadingZero = "leading zeros are not allowed in numbers"
    static let expectedDigit = "expected a digit"
    static let expectedFractionDigit = "expected a digit after the decimal point"
    static let expectedExponentDigit = "expected a digit in the exponent"
    static let invalidLiteral = "invalid literal (expected true, false or null)"
}
