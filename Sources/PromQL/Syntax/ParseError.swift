/// One problem in a query, with where it is, so callers can point at the offending text
/// (Prometheus's `ParseErr`).
public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var position: PositionRange
    public var message: String
    public var query: String

    public init(position: PositionRange, message: String, query: String) {
        self.position = position
        self.message = message
        self.query = query
    }

    /// `line:column: parse error: message`, with a 1-based line and byte column as Prometheus prints it.
    public var description: String {
        let prefix = Array(query.utf8.prefix(max(0, min(position.start, query.utf8.count))))
        let line = prefix.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let column = prefix.count - (prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
        return "\(line):\(column): parse error: \(message)"
    }
}

/// Every problem found in one query: syntax stops at the first error, type checking reports all.
public struct ParseErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [ParseError]

    public init(_ errors: [ParseError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
