internal import PromQL
internal import PrometheusModel
internal import Yams

/// The checks of `rulefmt.RuleGroups.Validate` (and `testTemplateParsing`), in Prometheus's order,
/// turning raw groups into rules. Each error is reported at the node it concerns and prefixed like
/// Prometheus's `rulefmt.Error` (`group "g", rule 2, "Name": …`).
struct RuleValidator {
    var diagnostics: Diagnostics

    mutating func validate(_ groups: [RawGroup]) -> [RuleGroup] {
        var seen: Set<String> = []
        return groups.map { group in
            if group.name.isEmpty {
                diagnostics.add("Groupname must not be empty", at: group.node)
            }
            if !seen.insert(group.name).inserted {
                diagnostics.add("groupname: \"\(group.name)\" is repeated in the same file", at: group.node)
            }
            let rules = group.rules.enumerated().compactMap { index, rule in
                validate(rule, context: Context(group: group.name, index: index + 1, rule: rule))
            }
            return RuleGroup(
                name: group.name, interval: group.interval, limit: group.limit, queryOffset: group.queryOffset,
                rules: rules)
        }
    }

    /// What every message about one rule starts with.
    struct Context {
        var prefix: String

        init(group: String, index: Int, rule: RawRule) {
            let name = rule.alert.isEmpty ? rule.record : rule.alert
            prefix = name.isEmpty ? "group \"\(group)\", rule \(index)" : "group \"\(group)\", rule \(index), \"\(name)\""
        }
    }

    private mutating func validate(_ rule: RawRule, context: Context) -> Rule? {
        let before = diagnostics.errors.count
        func report(_ message: String, at node: Node?) {
            diagnostics.add("\(context.prefix): \(message)", at: node ?? rule.node)
        }
        if !rule.record.isEmpty && !rule.alert.isEmpty {
            report("only one of 'record' and 'alert' must be set", at: rule.recordNode)
        }
        if rule.record.isEmpty && rule.alert.isEmpty {
            report("one of 'record' or 'alert' must be set", at: rule.recordNode ?? rule.alertNode)
        }
        let expression = Self.parseExpression(rule, report: report)
        if !rule.record.isEmpty {
            if !rule.annotations.isEmpty { report("invalid field 'annotations' in recording rule", at: rule.recordNode) }
            if rule.holdDuration != 0 { report("invalid field 'for' in recording rule", at: rule.recordNode) }
            if rule.keepFiringFor != 0 { report("invalid field 'keep_firing_for' in recording rule", at: rule.recordNode) }
            if !MetricName.isValid(rule.record) { report("invalid recording rule name: \(rule.record)", at: rule.recordNode) }
        }
        for label in rule.labels where !LabelName.isValid(label.key) || label.key == "__name__" {
            report("invalid label name: \(label.key)", at: label.keyNode)
        }
        for annotation in rule.annotations where !LabelName.isValid(annotation.key) {
            report("invalid annotation name: \(annotation.key)", at: annotation.keyNode)
        }
        if !rule.alert.isEmpty {
            for label in rule.labels {
                if let problem = TemplateCheck.problem(in: label.value, name: "__alert_" + rule.alert) {
                    report("label \"\(label.key)\": \(problem)", at: label.valueNode)
                }
            }
            for annotation in rule.annotations {
                if let problem = TemplateCheck.problem(in: annotation.value, name: "__alert_" + rule.alert) {
                    report("annotation \"\(annotation.key)\": \(problem)", at: annotation.valueNode)
                }
            }
        }
        guard diagnostics.errors.count == before, let expression else { return nil }
        return makeRule(rule, expression: expression)
    }

    /// The parsed expression, or nil after reporting why it cannot be evaluated as this kind of rule.
    private static func parseExpression(_ rule: RawRule, report: (String, Node?) -> Void) -> RuleExpression? {
        guard !rule.expr.isEmpty else {
            report("field 'expr' must be set in rule", rule.exprNode)
            return nil
        }
        let expr: Expr
        do {
            expr = try Parser.parse(rule.expr)
        } catch {
            report("could not parse expression: \(error)", rule.exprNode)
            return nil
        }
        // Prometheus loads these and then fails them at every evaluation ("rule result is not a vector
        // or scalar"); a scalar alert result becomes a one-sample vector there, so it stays valid.
        if expr.type == .matrix || expr.type == .string {
            let kind = rule.alert.isEmpty ? "a recording" : "an alerting"
            report(
                "expression of \(kind) rule must be an instant vector or a scalar, not a \(expr.type.documentedName)",
                rule.exprNode)
            return nil
        }
        return RuleExpression(source: rule.expr, expr: expr)
    }

    private func makeRule(_ rule: RawRule, expression: RuleExpression) -> Rule {
        let labels = Labels(rule.labels.map { ($0.key, $0.value) })
        if rule.alert.isEmpty {
            return .recording(RecordingRule(name: rule.record, expression: expression, labels: labels))
        }
        return .alerting(
            AlertingRule(
                name: rule.alert, expression: expression, holdDuration: rule.holdDuration,
                keepFiringFor: rule.keepFiringFor, labels: labels,
                annotations: Labels(rule.annotations.map { ($0.key, $0.value) })))
    }
}
