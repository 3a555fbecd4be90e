import PrometheusModel
import Rules
import Testing

/// Hand-written cases per feature and function; expected strings are Prometheus 2.42's output.
struct AlertTemplateTests {
    private func expand(_ text: String, value: Double = 1, labels: Labels = ["channel": "email"]) throws -> String {
        try AlertTemplate(text, name: "__alert_T").expand(TemplateData(labels: labels, value: value))
    }

    @Test(arguments: [
        (0.0, "0"), (-1.5, "-1.5"), (Double.nan, "NaN"), (Double.infinity, "+Inf"), (1e-7, "100n"),
        (999.9, "999.9"), (1000, "1k"), (4850, "4.85k"), (1234567, "1.235M"), (0.001234, "1.234m"),
    ])
    func humanize(value: Double, expected: String) throws {
        #expect(try expand("{{ $value | humanize }}", value: value) == expected)
    }

    @Test(arguments: [(1023.0, "1023"), (1024, "1ki"), (1.0, "1"), (1_048_576, "1Mi")])
    func humanize1024(value: Double, expected: String) throws {
        #expect(try expand("{{ humanize1024 $value }}", value: value) == expected)
    }

    @Test(arguments: [
        (0.0, "0s"), (1.5, "1.5s"), (0.1, "100ms"), (61, "1m 1s"), (93784, "1d 2h 3m 4s"), (-3600, "-1h 0m 0s"),
    ])
    func humanizeDuration(value: Double, expected: String) throws {
        #expect(try expand("{{ humanizeDuration $value }}", value: value) == expected)
    }

    @Test func valuePrintingAndPercentages() throws {
        #expect(try expand("{{ $value }}", value: 1e6) == "1e+06")
        #expect(try expand("{{ $value }}", value: 1e-5) == "1e-05")
        #expect(try expand("{{ humanizePercentage $value }}", value: 0.12345) == "12.35%")
        #expect(try expand("{{ humanizeTimestamp 1.5 }}") == "1970-01-01 00:00:01.5 +0000 UTC")
    }

    @Test func controlFlowAndTrimming() throws {
        #expect(try expand("a {{- if gt $value 0.5 }} big {{- else }} small {{- end }}") == "a big")
        #expect(try expand("{{ with $labels.channel }}{{ . | toUpper }}{{ end }}") == "EMAIL")
        #expect(try expand("{{ range $k, $v := $labels }}{{ $k }}={{ $v }}{{ end }}") == "channel=email")
        #expect(try expand("{{/* note */}}{{ printf \"%.2f %q\" $value $labels.channel }}") == "1.00 \"email\"")
    }

    @Test func queryFunctions() throws {
        let data = TemplateData(labels: Labels(), value: 0, query: { _ in [(labels: ["instance": "a"], value: 2)] })
        let template = try AlertTemplate("{{ with query \"up\" }}{{ . | first | label \"instance\" }}={{ . | first | value }}{{ end }}", name: "__alert_T")
        #expect(template.expand(data) == "a=2")
    }

    @Test func errorsAreWordedAsGoDoes() throws {
        #expect(throws: TemplateError("template: __alert_T:1: function \"nope\" not defined")) { try AlertTemplate("{{ nope }}", name: "__alert_T") }
        #expect(try expand("{{ gt $value 0 }}").hasPrefix("<error expanding template: error executing template __alert_T: template: __alert_T:1:115:"))
    }
}
