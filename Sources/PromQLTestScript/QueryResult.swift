public import PrometheusModel

/// What an engine returned for a query, in the simplest form a runner can build from any
/// evaluator; the comparison helpers check it against an eval's expectations.
public enum QueryResult: Sendable {
    case scalar(Double)
    case string(String)
    case vector([InstantSample])
    case matrix([RangeSeries])
}

/// One element of an instant vector.
public struct InstantSample: Sendable {
    public var labels: Labels
    public var value: Double

    public init(labels: Labels, value: Double) {
        self.labels = labels
        self.value = value
    }
}

/// One series of a matrix, points in time order (timestamps in milliseconds).
public struct RangeSeries: Sendable {
    public var labels: Labels
    public var points: [(t: Int64, v: Double)]

    public init(labels: Labels, points: [(t: Int64, v: Double)]) {
        self.labels = labels
        self.points = points
    }
}

/// Pass or fail, with a readable explanation of every difference on failure.
public enum Verdict: Sendable, Equatable {
    case pass
    case fail(String)

    public var passed: Bool { self == .pass }
}

/// Float equality as the reference runner defines it (FORMAT.md §5).
public enum FloatComparison {
    /// Relative tolerance for non-zero values.
    public static let epsilon = 1e-6

    /// Equal if numerically equal, both NaN (stale markers only match stale markers), or within
    /// the relative tolerance; values at or near zero must match to `epsilon × leastNormalMagnitude`.
    public static func equal(_ expected: Double, _ actual: Double) -> Bool {
        if SampleValue.isStaleNaN(expected) != SampleValue.isStaleNaN(actual) { return false }
        if expected.isNaN && actual.isNaN { return true }
        if expected == actual { return true }
        let absoluteSum = expected.magnitude + actual.magnitude
        let difference = (expected - actual).magnitude
        let leastNormal = Double.leastNormalMagnitude
        if expected == 0 || actual == 0 || absoluteSum < leastNormal {
            return difference < epsilon * leastNormal
        }
        return difference / min(absoluteSum, .greatestFiniteMagnitude) < epsilon
    }

    /// Whether a written expectation matches a returned float.
    static func matches(_ expected: SampleValue, _ actual: Double) -> Bool {
        switch expected {
        case .float(let value): equal(value, actual)
        case .stale: SampleValue.isStaleNaN(actual)
        case .nativeHistogram: false
        }
    }
}

/// Text forms used in verdict messages.
enum Describe {
    static func value(_ value: SampleValue) -> String {
        switch value {
        case .float(let number): NumberFormat.string(number)
        case .stale: "stale"
        case .nativeHistogram: "{{native histogram}}"
        }
    }

    static func value(_ number: Double) -> String {
        SampleValue.isStaleNaN(number) ? "stale" : NumberFormat.string(number)
    }

    static func labels(_ labels: Labels) -> String {
        labels.isEmpty ? "{}" : labels.description
    }

    static func points(_ points: [SamplePoint]) -> String {
        points.map { "\(value($0.value))@\($0.timestamp)" }.joined(separator: " ")
    }

    static func points(_ points: [(t: Int64, v: Double)]) -> String {
        points.map { "\(value($0.v))@\($0.t)" }.joined(separator: " ")
    }

    static func result(_ result: QueryResult) -> String {
        switch result {
        case .scalar(let number): "scalar \(value(number))"
        case .string(let text): "string \"\(text)\""
        case .vector(let samples): "vector of \(samples.count) series"
        case .matrix(let series): "matrix of \(series.count) series"
        }
    }
}
