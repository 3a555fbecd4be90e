import PromQL
import PrometheusModel
import Rules
import Testing

/// Builders shared by the manager tests: rules from source text, result vectors, a stand-in expander.
enum ManagerFixtures {
    static func expression(_ source: String) throws -> RuleExpression {
        RuleExpression(source: source, expr: try Parser.parse(source))
    }

    static func alertingRule(
        _ name: String = "TestAlert", expr: String = "up == 0", for hold: Int64 = 0, keepFiringFor: Int64 = 0,
        labels: Labels = ["severity": "page"], annotations: Labels = ["summary": "value {{ $value }}"]
    ) throws -> AlertingRule {
        AlertingRule(
            name: name, expression: try expression(expr), holdDuration: hold, keepFiringFor: keepFiringFor,
            labels: labels, annotations: annotations)
    }

    /// One result sample `up{instance=…}` with `value`.
    static func sample(_ instance: String, _ value: Double = 1) -> VectorSample {
        VectorSample(labels: ["__name__": "up", "instance": instance], value: value)
    }

    /// Replaces `{{ $value }}` with the value and `{{ $labels.NAME }}` with the label, enough for these tests.
    static let expand: TemplateExpander = { template, labels, value in
        var text = template.replacingOccurrences(of: "{{ $value }}", with: NumberFormat.string(value))
        for label in labels {
            text = text.replacingOccurrences(of: "{{ $labels.\(label.name) }}", with: label.value)
        }
        return text
    }

    static let minute: Int64 = 60_000
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// Groups the manager suites so `swift test --filter Manager` selects them.
@Suite enum ManagerTests {}
