import Rules
import Testing

/// Each check of `rulefmt.Validate`, with the position it reports. Messages follow Prometheus's wording.
@Suite struct ValidationErrorTests {
    private func described(_ name: String) -> [String] {
        Fixtures.errors(of: name).map { "\($0.line):\($0.column): \($0.message)" }
    }

    @Test func emptyGroupName() {
        #expect(described("invalid_empty_group_name.yaml") == ["2:5: Groupname must not be empty"])
    }

    @Test func duplicateGroupName() {
        #expect(described("invalid_duplicate_group.yaml") == ["6:5: groupname: \"same\" is repeated in the same file"])
    }

    @Test func bothRecordAndAlert() {
        #expect(described("invalid_record_and_alert.yaml") == [
            "4:17: group \"g\", rule 1, \"A\": only one of 'record' and 'alert' must be set"
        ])
    }

    @Test func neitherRecordNorAlert() {
        #expect(described("invalid_neither_record_nor_alert.yaml") == [
            "4:9: group \"g\", rule 1: one of 'record' or 'alert' must be set"
        ])
    }

    @Test func invalidRecordName() {
        #expect(described("invalid_record_name.yaml") == [
            "4:17: group \"g\", rule 1, \"1bad-name\": invalid recording rule name: 1bad-name"
        ])
    }

    @Test func alertingFieldsOnRecordingRule() {
        let prefix = "4:17: group \"g\", rule 1, \"job:up\": "
        #expect(described("invalid_recording_fields.yaml") == [
            prefix + "invalid field 'annotations' in recording rule",
            prefix + "invalid field 'for' in recording rule",
            prefix + "invalid field 'keep_firing_for' in recording rule",
        ])
    }

    @Test func invalidLabelAndAnnotationNames() {
        let prefix = "group \"g\", rule 1, \"A\": "
        #expect(described("invalid_label_names.yaml") == [
            "7:11: " + prefix + "invalid label name: 0bad",
            "8:11: " + prefix + "invalid label name: __name__",
            "10:11: " + prefix + "invalid annotation name: bad-annotation",
        ])
    }

    @Test func reservedLabelsOtherThanNameAreAllowed() {
        let text = """
            groups:
              - name: g
                rules:
                  - record: r
                    expr: up
                    labels:
                      __tenant__: a
                      alertname: b
            """
        #expect(Fixtures.errors(in: text).isEmpty)
    }

    @Test func unknownFields() {
        #expect(described("invalid_unknown_fields.yaml") == [
            "3:5: field evaluation not found in type rulefmt.RuleGroup",
            "7:9: field severity not found in type rulefmt.Rule",
        ])
        #expect(Fixtures.errors(in: "group: []").map(\.message) == ["field group not found in type rulefmt.RuleGroups"])
    }

    @Test func expressionParseErrors() {
        let errors = Fixtures.errors(of: "invalid_expr_syntax.yaml")
        #expect(errors.map { "\($0.line):\($0.column)" } == ["5:15", "7:15"])
        #expect(errors.allSatisfy { $0.message.contains(": could not parse expression: 1:") })
        #expect(errors.last?.message.contains("expected type range vector in call to function \"rate\"") == true)
    }

    @Test func missingExpression() {
        #expect(described("invalid_missing_expr.yaml") == ["4:9: group \"g\", rule 1, \"A\": field 'expr' must be set in rule"])
    }

    @Test func expressionTypes() {
        let kind = "must be an instant vector or a scalar, not a"
        #expect(described("stricter_recording_range_vector.yaml") == [
            "5:15: group \"g\", rule 1, \"x:range\": expression of a recording rule \(kind) range vector"
        ])
        #expect(described("stricter_recording_string.yaml") == [
            "5:15: group \"g\", rule 1, \"x:string\": expression of a recording rule \(kind) string"
        ])
        #expect(described("stricter_alerting_range_vector.yaml") == [
            "6:15: group \"g\", rule 1, \"Range\": expression of an alerting rule \(kind) range vector"
        ])
        #expect(described("valid_alerting_scalar.yaml").isEmpty)
    }

    @Test func invalidDurations() {
        #expect(described("invalid_durations.yaml") == [
            "3:15: not a valid duration string: \"1.5m\"",
            "7:14: not a valid duration string: \"5 minutes\"",
        ])
        #expect(Fixtures.errors(in: "groups: [{name: g, limit: many}]").map(\.message) == [
            "cannot unmarshal !!str `many` into int"
        ])
    }

    @Test func unclosedTemplates() {
        #expect(described("invalid_template.yaml") == [
            "7:21: group \"g\", rule 1, \"A\": label \"severity\": template: __alert_A:1: unclosed action"
        ])
        let quoted = """
            groups:
              - name: g
                rules:
                  - alert: A
                    expr: up
                    annotations:
                      ok: '{{ "}}" }} and {{/* c */}}'
                      bad: '{{ "open }}'
            """
        #expect(Fixtures.errors(in: quoted).map(\.message) == [
            "group \"g\", rule 1, \"A\": annotation \"bad\": template: __alert_A:1: unterminated quoted string"
        ])
    }

    @Test func yamlErrors() {
        #expect(Fixtures.errors(of: "invalid_yaml_syntax.yaml").count == 1)
        #expect(described("invalid_duplicate_key.yaml") == ["5:9: yaml: mapping key \"expr\" defined more than once"])
    }

    @Test func everyErrorIsReported() {
        let text = """
            groups:
              - name: a
                rules:
                  - record: bad name
                    expr: up
                  - alert: B
                    expr: up ==
              - name: a
                rules: []
            """
        #expect(Fixtures.errors(in: text).map(\.line) == [4, 7, 8])
    }
}
