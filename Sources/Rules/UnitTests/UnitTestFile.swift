public import PrometheusModel

/// A `promtool test rules` file, read into values so commswatch can run the same tests Prometheus's
/// tooling runs and the two can be compared: rule files, evaluation interval, and the test groups.
public struct UnitTestFile: Sendable {
    /// Rule file paths, resolved against the test file's folder as promtool does.
    public var ruleFiles: [String]
    /// How often every group is evaluated, ms (`evaluation_interval`, default 1m).
    public var evaluationInterval: Int64
    /// Group names to evaluate first, in this order (`group_eval_order`).
    public var groupEvalOrder: [String]
    public var tests: [UnitTestGroup]

    public init(ruleFiles: [String], evaluationInterval: Int64, groupEvalOrder: [String], tests: [UnitTestGroup]) {
        self.ruleFiles = ruleFiles
        self.evaluationInterval = evaluationInterval
        self.groupEvalOrder = groupEvalOrder
        self.tests = tests
    }
}

/// One entry of `tests`: its own input series and the alerts and query results expected from them.
public struct UnitTestGroup: Sendable {
    public var name: String
    /// Step between input samples, ms (`interval`, default: the file's evaluation interval).
    public var interval: Int64
    public var inputSeries: [InputSeries]
    public var alertTests: [AlertTestCase]
    public var exprTests: [ExprTestCase]
    public var externalLabels: Labels
    public var externalURL: String

    public init(
        name: String, interval: Int64, inputSeries: [InputSeries], alertTests: [AlertTestCase], exprTests: [ExprTestCase],
        externalLabels: Labels, externalURL: String
    ) {
        self.name = name
        self.interval = interval
        self.inputSeries = inputSeries
        self.alertTests = alertTests
        self.exprTests = exprTests
        self.externalLabels = externalLabels
        self.externalURL = externalURL
    }
}

/// An input series: one value slot per `interval` step from time 0; nil for `_`, the stale NaN for `stale`.
public struct InputSeries: Sendable {
    public var labels: Labels
    public var values: [Double?]

    public init(labels: Labels, values: [Double?]) {
        self.labels = labels
        self.values = values
    }
}

/// Expected firing alerts of one alerting rule at one time (`alert_rule_test`).
public struct AlertTestCase: Sendable {
    public var evalTime: Int64
    public var alertname: String
    public var expected: [UnitTestAlert]

    public init(evalTime: Int64, alertname: String, expected: [UnitTestAlert]) {
        self.evalTime = evalTime
        self.alertname = alertname
        self.expected = expected
    }
}

/// An alert as unit tests compare it: labels (with `alertname`) and expanded annotations.
public struct UnitTestAlert: Sendable, Hashable, CustomStringConvertible {
    public var labels: Labels
    public var annotations: Labels

    public init(labels: Labels, annotations: Labels) {
        self.labels = labels
        self.annotations = annotations
    }

    public var description: String { "Labels:\(labels) Annotations:\(annotations)" }
}

/// Expected result of an instant query after the rules ran (`promql_expr_test`).
public struct ExprTestCase: Sendable {
    public var expr: String
    public var evalTime: Int64
    public var expected: [UnitTestSample]

    public init(expr: String, evalTime: Int64, expected: [UnitTestSample]) {
        self.expr = expr
        self.evalTime = evalTime
        self.expected = expected
    }
}

/// One sample of a query result as unit tests compare it.
public struct UnitTestSample: Sendable, Hashable, CustomStringConvertible {
    public var labels: Labels
    public var value: Double

    public init(labels: Labels, value: Double) {
        self.labels = labels
        self.value = value
    }

    public var description: String { "\(labels) \(NumberFormat.string(value))" }
}

/// A unit-test file that cannot be read, with the line it points at (0 when none).
public struct UnitTestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
