/// An error Prometheus raises while evaluating (not parsing) a query, with its wording, so rule
/// evaluation reports the same failure text Prometheus would.
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    static let duplicateLabelSet = EvaluationError("vector cannot contain metrics with the same labelset")

    static func unsupported(_ what: String) -> EvaluationError {
        EvaluationError("unsupported by this engine: \(what)")
    }
}
