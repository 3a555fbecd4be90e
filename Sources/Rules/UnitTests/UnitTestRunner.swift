internal import PromQL
import PrometheusModel
internal import SampleStore
import Synchronization

/// One way a unit test did not get what it expected, printed the way promtool lays it out.
public enum UnitTestFailure: Sendable, CustomStringConvertible {
    case alerts(alertname: String, evalTime: Int64, expected: [UnitTestAlert], got: [UnitTestAlert])
    case expr(expr: String, evalTime: Int64, expected: [UnitTestSample], got: [UnitTestSample])
    case error(String)

    public var description: String {
        switch self {
        case .alerts(let name, let time, let expected, let got):
            return "alertname: \(name), time: \(PrometheusDuration.format(time)),\n        exp:\(Self.list(expected)),\n        got:\(Self.list(got))"
        case .expr(let expr, let time, let expected, let got):
            return "expr: \(expr), time: \(PrometheusDuration.format(time)),\n        exp: \(Self.list(expected)),\n        got: \(Self.list(got))"
        case .error(let message):
            return message
        }
    }

    private static func list(_ items: [some CustomStringConvertible]) -> String {
        guard !items.isEmpty else { return "[]" }
        return "[\n" + items.enumerated().map { "            \($0.offset): \($0.element)" }.joined(separator: "\n") + "\n        ]"
    }
}

/// Runs `promtool test rules` files in-process: each test gets a fresh store with its input series, every
/// group is evaluated at each `evaluation_interval` tick from 0 to the last eval time (outputs and ALERTS
/// appended as in Prometheus), firing alerts are compared at their eval times and queries after the run.
/// The engine has Prometheus 3.x left-open range windows, where promtool 2.x includes the left edge.
public enum UnitTestRunner {
    /// Failures of every test in `file`, empty when all pass.
    public static func run(_ file: UnitTestFile) -> [UnitTestFailure] {
        var groups: [RuleGroup] = []
        var errors: [UnitTestFailure] = []
        for path in file.ruleFiles {
            do {
                groups += try RuleFile.load(path: path).groups
            } catch {
                errors.append(.error("\(error)"))
            }
        }
        if file.evaluationInterval <= 0 { errors.append(.error("evaluation_interval must be positive")) }
        guard errors.isEmpty else { return errors }
        let ordered = file.groupEvalOrder.flatMap { name in groups.filter { $0.name == name } }
            + groups.filter { !file.groupEvalOrder.contains($0.name) }
        return file.tests.flatMap { run($0, groups: ordered, evaluationInterval: file.evaluationInterval) }
    }

    private static func run(_ test: UnitTestGroup, groups: [RuleGroup], evaluationInterval: Int64) -> [UnitTestFailure] {
        let store = SampleStore(retention: Int64(1) << 50)
        for series in test.inputSeries {
            for (index, value) in series.values.enumerated() {
                guard let value else { continue }
                store.append(series.labels, Sample(timestamp: Int64(index) * test.interval, value: value))
            }
        }
        let engine = Engine()
        let evaluationTime = Atomic<Int64>(0)
        let templateQuery: @Sendable (String) throws -> [(labels: Labels, value: Double)] = { text in
            try query(text, at: evaluationTime.load(ordering: .relaxed), engine: engine, store: store).get().map { ($0.labels, $0.value) }
        }
        let expand = expander(externalLabels: test.externalLabels, externalURL: test.externalURL, query: templateQuery)
        let options = RuleGroupEvaluator.Options(defaultInterval: evaluationInterval)
        let evaluators = groups.map { group in
            RuleGroupEvaluator(
                group: group, options: options, query: engineQueryFunc(engine, on: store),
                append: { store.append($0, $1) }, notify: { _, _ in }, expand: expand)
        }
        var failures: [UnitTestFailure] = []
        let alertTests = test.alertTests.sorted { $0.evalTime < $1.evalTime }
        let lastTime = (alertTests.map(\.evalTime) + test.exprTests.map(\.evalTime)).max() ?? 0
        var next = 0
        var ts: Int64 = 0
        while ts <= lastTime {
            defer { ts += evaluationInterval }
            evaluationTime.store(ts, ordering: .relaxed)
            for evaluator in evaluators { evaluator.evaluate(at: ts) }
            while next < alertTests.count, alertTests[next].evalTime < ts + evaluationInterval {
                let check = alertTests[next]
                let got = firingAlerts(named: check.alertname, in: evaluators)
                if Set(got) != Set(check.expected) {
                    failures.append(.alerts(alertname: check.alertname, evalTime: check.evalTime, expected: check.expected, got: got))
                }
                next += 1
            }
        }
        for check in test.exprTests {
            switch query(check.expr, at: check.evalTime, engine: engine, store: store) {
            case .success(let got):
                if got.sorted(by: order) != check.expected.sorted(by: order) {
                    failures.append(.expr(expr: check.expr, evalTime: check.evalTime, expected: check.expected, got: got))
                }
            case .failure(let error):
                failures.append(.error("expr: \(check.expr), time: \(PrometheusDuration.format(check.evalTime)), err: \(error.message)"))
            }
        }
        return failures
    }

    /// Alert templates expanded as the rules manager does, with the test's external labels and URL, and
    /// `query` answered from the test's series at the evaluation time.
    private static func expander(
        externalLabels: Labels, externalURL: String, query: @escaping @Sendable (String) throws -> [(labels: Labels, value: Double)]
    ) -> TemplateExpander {
        { text, labels, value in
            do throws(TemplateError) {
                let template = try AlertTemplate(text, name: "__alert_")
                return template.expand(
                    TemplateData(labels: labels, externalLabels: externalLabels, externalURL: externalURL, value: value, query: query))
            } catch {
                return AlertTemplate.parseFailureText(error, name: "__alert_")
            }
        }
    }

    private static func firingAlerts(named name: String, in evaluators: [RuleGroupEvaluator]) -> [UnitTestAlert] {
        evaluators.flatMap { evaluator in
            evaluator.snapshot.rules.flatMap { rule -> [UnitTestAlert] in
                guard case .alerting(let alerting, _, let alerts) = rule.kind, alerting.name == name else { return [] }
                return alerts.filter { $0.state == .firing }.map { alert in
                    UnitTestAlert(labels: alert.labels, annotations: Labels(alert.annotations.map { ($0.name, $0.value) }))
                }
            }
        }
    }

    private static func query(_ text: String, at time: Int64, engine: Engine, store: SampleStore) -> Result<[UnitTestSample], RuleEvaluationError> {
        do {
            let expr = try Parser.parse(text)
            switch try engine.instantQuery(expr, at: time, on: store) {
            case .vector(let samples): return .success(samples.map { UnitTestSample(labels: $0.labels, value: $0.value) })
            case .scalar(let value): return .success([UnitTestSample(labels: Labels(), value: value)])
            case .string, .matrix: return .failure(RuleEvaluationError("query result is not a vector or scalar"))
            }
        } catch {
            return .failure(RuleEvaluationError("\(error)"))
        }
    }

    private static func order(_ lhs: UnitTestSample, _ rhs: UnitTestSample) -> Bool {
        lhs.labels < rhs.labels
    }
}
