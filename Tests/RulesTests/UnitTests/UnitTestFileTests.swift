import Foundation
import PrometheusModel
import Rules
import Testing

/// Reading promtool unit-test YAML: defaults, relative rule files, expanding notation, and errors with lines.
struct UnitTestFileTests {
    private func parse(_ text: String) throws(UnitTestError) -> UnitTestFile {
        try UnitTestFile.parse(text, file: "t.yml") { "/dir/\($0)" }
    }

    @Test func readsTestsWithDefaults() throws {
        let file = try parse("""
            rule_files: [a.yml]
            tests:
              - input_series:
                  - series: 'up{job="x"}'
                    values: '1+1x2 _ stale'
                alert_rule_test:
                  - eval_time: 2m
                    alertname: Down
                    exp_alerts:
                      - exp_labels: {job: x}
                promql_expr_test:
                  - expr: up
                    exp_samples:
                      - labels: 'up{job="x"}'
                        value: 3
            """)
        #expect(file.ruleFiles == ["/dir/a.yml"])
        #expect(file.evaluationInterval == 60_000)
        let test = try #require(file.tests.first)
        #expect(test.interval == 60_000)
        let values = try #require(test.inputSeries.first?.values)
        #expect(values.prefix(4) == [1, 2, 3, nil])
        #expect(values.last??.isNaN == true)
        #expect(test.alertTests.first?.expected == [UnitTestAlert(labels: ["job": "x", "alertname": "Down"], annotations: Labels())])
        #expect(test.exprTests.first?.expected == [UnitTestSample(labels: ["__name__": "up", "job": "x"], value: 3)])
    }

    @Test func badSeriesNotationNamesItsLine() {
        #expect(throws: UnitTestError.self) { try parse("tests:\n  - input_series:\n      - series: 'up{'\n        values: '1'\n") }
        do {
            _ = try parse("tests:\n  - input_series:\n      - series: 'up'\n        values: '1+x'\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 4)
            #expect(error.description.hasPrefix("t.yml:4: bad values \"1+x\""))
        }
    }

    @Test func missingRuleFileFailsTheRun() {
        let file = UnitTestFile(ruleFiles: ["/nonexistent/rules.yml"], evaluationInterval: 60_000, groupEvalOrder: [], tests: [])
        let failures = UnitTestRunner.run(file)
        #expect(failures.count == 1)
        #expect("\(failures)".contains("/nonexistent/rules.yml"))
    }

    @Test func missingTestFileIsAnError() {
        #expect(throws: UnitTestError.self) { try UnitTestFile.load(path: "/nonexistent/test.yml") }
    }
}
