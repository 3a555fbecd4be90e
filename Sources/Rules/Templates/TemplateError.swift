/// Why an alert template could not be parsed, worded as Go's text/template words it, so that the
/// `<error expanding template: …>` text commswatch writes matches what Prometheus writes.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Go's message, e.g. `template: __alert_X:1: function "foo" not defined`.
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A failure while executing a parsed template; `message` is Go's full `template: …` text.
struct TemplateExecutionError: Error {
    var message: String
}
