import PrometheusModel

/// A byte range `start..<end` in the query text, so errors and tree nodes can point at the source.
public struct PositionRange: Sendable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// The smallest range covering both.
    public func union(_ other: PositionRange) -> PositionRange {
        PositionRange(start: min(start, other.start), end: max(end, other.end))
    }

    public var description: String { "\(start):\(end)" }
}

/// What the lexer found; keywords and operators have their own kinds so the parser never compares text.
public enum TokenKind: Sendable, Hashable {
    case eof
    /// A lexical error; the token's `text` is the message.
    case error
    case identifier
    /// An identifier containing `:`, which can only be a metric name.
    case metricIdentifier
    case number
    case duration
    case string
    case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket
    case comma, colon, at
    /// `=` (label matching only).
    case assign
    case binary(BinaryOperator)
    /// `=~` and `!~` (label matching only; `!=` is `.binary(.notEqual)`).
    case regexMatch, regexNoMatch
    case aggregator(AggregateOperator)
    case keyword(Keyword)
}

/// Words with a fixed meaning outside braces (matched case-insensitively, as Prometheus does).
public enum Keyword: String, Sendable, CaseIterable {
    case bool, by, without, on, ignoring, offset, start, end
    case groupLeft = "group_left"
    case groupRight = "group_right"
}

/// One lexed token with its source range and text (the unquoted value for strings).
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    public var text: String
    public var position: PositionRange

    /// How error messages name this token, close to Prometheus's wording.
    var describedForError: String {
        switch kind {
        case .eof: return "end of input"
        case .error: return text
        case .identifier: return "identifier \"\(text)\""
        case .metricIdentifier: return "metric identifier \"\(text)\""
        case .number: return "number \"\(text)\""
        case .duration: return "duration \"\(text)\""
        case .string: return "string \(GoQuote.quote(text))"
        case .binary: return "<op:\(text)>"
        case .aggregator: return "<aggr:\(text)>"
        case .keyword: return "<\(text)>"
        default: return "\"\(text)\""
        }
    }
}
