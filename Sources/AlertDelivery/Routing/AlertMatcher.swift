public import PromQL

/// One Alertmanager-style matcher such as `severity=~"sev[123]"`: the same syntax and RE2-anchored
/// semantics as a PromQL label matcher, so it is parsed and matched by the PromQL module.
public struct AlertMatcher: Sendable, CustomStringConvertible {
    public let matcher: LabelMatcher

    /// Parses `name op "value"`; the error says what is wrong with the text.
    public init(parsing text: String) throws(DeliveryConfigurationError) {
        // PromQL refuses a selector whose matchers all match the empty string (`severity!="info"`),
        // which Alertmanager allows, so a second, always non-empty matcher keeps the parser content.
        let selector: Expr
        do {
            selector = try Parser.parse("{" + text + ", __matcher__=\"1\"}")
        } catch {
            throw DeliveryConfigurationError("matcher \(text.debugDescription) does not parse: \(error.description)")
        }
        guard case .vectorSelector(let vector) = selector, vector.matchers.count == 2 else {
            throw DeliveryConfigurationError("matcher \(text.debugDescription) must be one condition like severity=\"sev1\"")
        }
        matcher = vector.matchers[0]
    }

    /// A missing label matches as the empty string, as in Alertmanager and PromQL.
    public func matches(_ labels: [String: String]) -> Bool {
        matcher.matches(labels[matcher.name] ?? "")
    }

    public var description: String { matcher.description }
}
