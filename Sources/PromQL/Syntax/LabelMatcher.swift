import PrometheusModel

/// One `name op "value"` condition of a selector. Regexes are RE2-style and fully anchored, with
/// `.` matching newlines, as Prometheus compiles them (`^(?s:re)$`).
public struct LabelMatcher: Sendable, Equatable, CustomStringConvertible {
    public enum MatchType: String, Sendable, Hashable {
        case equal = "=", notEqual = "!=", regexMatch = "=~", regexNoMatch = "!~"
    }

    public let type: MatchType
    public let name: String
    public let value: String
    let regex: CompiledRegex?

    /// Fails with a message when a regex does not compile or uses syntax RE2 lacks.
    public init(_ type: MatchType, _ name: String, _ value: String) throws(RegexError) {
        self.type = type
        self.name = name
        self.value = value
        switch type {
        case .equal, .notEqual: regex = nil
        case .regexMatch, .regexNoMatch: regex = try CompiledRegex(value)
        }
    }

    /// Whether a label with this value (empty for a missing label) satisfies the matcher.
    public func matches(_ candidate: String) -> Bool {
        switch type {
        case .equal: return candidate == value
        case .notEqual: return candidate != value
        case .regexMatch: return regex?.matchesWhole(candidate) ?? false
        case .regexNoMatch: return !(regex?.matchesWhole(candidate) ?? false)
        }
    }

    /// `name="value"` with Go quoting; names that are not legacy label names are quoted too.
    public var description: String {
        let printedName = LabelMatcher.isLegacyName(name) ? name : GoQuote.quote(name)
        return printedName + type.rawValue + GoQuote.quote(value)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.type == b.type && a.name == b.name && a.value == b.value
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`.
    static func isLegacyName(_ name: String) -> Bool {
        guard let first = name.utf8.first, Lexer.isAlpha(first) else { return false }
        return name.utf8.allSatisfy(Lexer.isAlphaNumeric)
    }
}

/// A regex compilation failure, with a message close to Go's `regexp` errors.
public struct RegexError: Error, Sendable, Equatable {
    public var message: String
}
