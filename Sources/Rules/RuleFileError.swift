/// One problem in a rule file, at the YAML node it concerns, so an editor or CI log can point at it
/// (Prometheus's `rulefmt.WrappedError`). Lines and columns are 1-based, columns in Unicode scalars.
public struct RuleFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the form compilers and promtool use.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Every problem found in one rule file: validation goes on after the first error, as `rulefmt.Validate`
/// does, so one run shows everything to fix.
public struct RuleFileErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public var errors: [RuleFileError]

    public init(_ errors: [RuleFileError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
