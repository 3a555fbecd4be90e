import Foundation
import PrometheusModel
import Rules
import TestSupport
import Testing

/// promtool is the oracle: one alert with many annotation templates fires once per input series (one
/// value each); the unit test expects deliberately wrong annotations, so promtool's failure report lists
/// the annotations Prometheus actually produced, which must equal `AlertTemplate.expand` byte for byte.
@Suite(.enabled(if: ExternalTool.find("promtool") != nil, "needs promtool"))
struct PromtoolTemplateDifferentialTests {
    static let values: [(String, Double)] = [
        ("0", 0), ("-1.5", -1.5), ("NaN", .nan), ("Inf", .infinity), ("-Inf", -.infinity), ("1e-07", 1e-7),
        ("999.9", 999.9), ("1000", 1000), ("1023", 1023), ("1024", 1024), ("0.5", 0.5), ("1.5", 1.5),
        ("59.99", 59.99), ("61", 61), ("3600", 3600), ("93784", 93784), ("1000000", 1e6), ("1234567", 1234567),
        ("0.0001234", 0.0001234), ("0.00001", 1e-5), ("123456.5", 123456.5), ("4850", 4850), ("-0.002", -0.002),
        ("1e+21", 1e21), ("0.999949", 0.999949), ("1700000000.25", 1_700_000_000.25), ("-90061", -90061),
    ]

    static let templates: [String] = [
        "{{ $value }}",
        "{{ $value | humanize }}",
        "{{ humanize1024 $value }}",
        "{{ $value | humanizeDuration }}",
        "{{ humanizePercentage $value }}",
        "{{ humanizeTimestamp $value }}",
        "{{ printf \"%.2f|%v|%g|%e|%s\" $value $value $value $value $labels.channel }}",
        "{{ printf \"%d %5.1f %-6s| %q %x\" 42 $value \"ab\" $labels.channel 255 }}",
        "{{ $labels.channel | toUpper }} {{ toLower \"MiXed\" }} {{ title \"hello wOrld-x_y\" }}",
        "{{ reReplaceAll \"(e)(m)?\" \"[$1x${2}]\" $labels.channel }}|{{ match \"^em\" $labels.channel }}",
        "{{ if gt $value 1000.0 }}big{{ else if lt $value 0.0 }}negative{{ else }}small{{ end }}",
        "{{- with $labels.channel -}} on {{ . }} {{- end }}|{{ .Labels.job }}|{{ index $labels \"job\" }}|{{ $labels.missing }}|",
        "{{ and $labels.channel \"x\" }} {{ or \"\" $labels.job }} {{ not true }} {{ len $labels.channel }} {{ eq $labels.job \"x\" \"y\" }}",
        "{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}{{/* comment */}}",
        "{{ $x := 3 }}{{ $x = \"y\" }}{{ $x }} {{ (printf \"%s-%s\" \"a\" \"b\") }} {{ \"a\" | printf \"%s!\" }} {{ 1e6 }} {{ -2 }} {{ .Value | humanize }}",
        "{{ gt $value 0 }}",
        "{{ humanize \"abc\" }}",
        "{{ humanize \"1e3\" }} {{ printf \"%s\" 1.5 }} {{ printf \"%d\" }} {{ printf \"x\" 1 }} {{ print 1 2 \"a\" 3 }}",
        "{{ $externalURL }}|{{ $externalLabels.region }}",
    ]

    @Test func annotationsMatchPromtool() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tmpl-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let annotations = Self.templates.enumerated().map { "        a\($0.offset): \(Self.yamlQuoted($0.element))" }
        let rules = "groups:\n- name: g\n  rules:\n  - alert: T\n    expr: m\n    annotations:\n" + annotations.joined(separator: "\n") + "\n"
        let series = Self.values.enumerated().map { "  - series: 'm{case=\"\($0.offset)\", job=\"x\", channel=\"email\"}'\n    values: '\($0.element.0) \($0.element.0) \($0.element.0)'" }
        let test = """
            rule_files: [rules.yml]
            evaluation_interval: 1m
            tests:
            - interval: 1m
              external_labels: {region: eu}
              external_url: http://prom.example:9090/sub
              input_series:
            \(series.joined(separator: "\n"))
              alert_rule_test:
              - eval_time: 1m
                alertname: T
                exp_alerts: []

            """
        try rules.write(to: directory.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
        try test.write(to: directory.appendingPathComponent("test.yml"), atomically: true, encoding: .utf8)
        let result = try ExternalTool.run("promtool", ["test", "rules", directory.appendingPathComponent("test.yml").path])
        let got = PromtoolReport.alerts(in: result.stdout + result.stderr)
        try #require(got.count == Self.values.count, "\(result.stdout)\(result.stderr)")
        let parsed = try Self.templates.map { try AlertTemplate($0, name: "__alert_T") }
        for alert in got {
            let index = try #require(Int(alert.labels["case"] ?? ""))
            let labels = Labels([("__name__", "m"), ("case", String(index)), ("job", "x"), ("channel", "email")])
            let data = TemplateData(
                labels: labels, externalLabels: ["region": "eu"], externalURL: "http://prom.example:9090/sub", value: Self.values[index].1)
            for (number, template) in parsed.enumerated() {
                #expect(template.expand(data) == alert.annotations["a\(number)"], "value \(Self.values[index].0), template \(Self.templates[number])")
            }
        }
    }

    private static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
