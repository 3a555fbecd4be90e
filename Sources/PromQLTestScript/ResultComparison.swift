import PrometheusModel

/// Decides whether an engine's answer satisfies an eval (FORMAT.md §5): complete label sets must
/// match, order only matters under `expect ordered`, floats use `FloatComparison`.
public enum ResultComparison {
    /// Checks an eval's failure expectation and, when the query had to succeed, its result.
    /// `outcome` is the engine's result or its error message. Annotations are not checked.
    public static func check(_ eval: Eval, outcome: Result<QueryResult, QueryFailure>) -> Verdict {
        switch (eval.expectations.failure, outcome) {
        case (nil, .failure(let failure)):
            return .fail("expected success, got error: \(failure.message)")
        case (.some, .success(let result)):
            return .fail("expected the query to fail, but it returned a \(Describe.result(result))")
        case (.some(let match), .failure(let failure)):
            return errorMatches(match, failure.message)
        case (nil, .success(let result)):
            return compare(expected: eval.expected, actual: result, ordered: eval.expectations.ordered)
        }
    }

    /// Compares a result with the written expectation.
    public static func compare(expected: ExpectedResult, actual: QueryResult, ordered: Bool = false) -> Verdict {
        switch (expected, actual) {
        case (.scalar(let want), .scalar(let got)):
            return FloatComparison.equal(want, got)
                ? .pass : .fail("expected scalar \(Describe.value(want)), got \(Describe.value(got))")
        case (.string(let want), .string(let got)):
            return want == got ? .pass : .fail("expected string \"\(want)\", got \"\(got)\"")
        case (.vector(let want), .vector(let got)):
            return compareVectors(want, got, ordered: ordered)
        case (.matrix(let want), .matrix(let got)):
            return compareMatrices(want, got)
        case (.scalar, _):
            return .fail("expected a scalar result, got a \(Describe.result(actual))")
        case (.string, _):
            return .fail("expected a string result, got a \(Describe.result(actual))")
        case (.vector, _):
            return .fail("expected an instant vector, got a \(Describe.result(actual))")
        case (.matrix, _):
            return .fail("expected a matrix, got a \(Describe.result(actual))")
        }
    }

    private static func errorMatches(_ match: TextMatch, _ message: String) -> Verdict {
        switch match {
        case .any:
            return .pass
        case .message(let text):
            return text == message ? .pass : .fail("expected error \"\(text)\", got \"\(message)\"")
        case .regex(let pattern):
            guard let regex = try? Regex(pattern) else { return .fail("expected-error pattern /\(pattern)/ is not a valid regex") }
            return message.contains(regex) ? .pass : .fail("expected error matching /\(pattern)/, got \"\(message)\"")
        }
    }

    private static func compareVectors(_ want: [ExpectedSample], _ got: [InstantSample], ordered: Bool) -> Verdict {
        var problems = duplicates(got.map(\.labels))
        var actual: [Labels: Double] = [:]
        for sample in got { actual[sample.labels] = sample.value }
        let expectedLabels = Set(want.map(\.labels))
        for sample in want {
            guard let value = actual[sample.labels] else {
                problems.append("missing: \(Describe.labels(sample.labels)) \(Describe.value(sample.value)) (line \(sample.line))")
                continue
            }
            if !FloatComparison.matches(sample.value, value) {
                problems.append(
                    "value:   \(Describe.labels(sample.labels)) expected \(Describe.value(sample.value)), got \(Describe.value(value))")
            }
        }
        for sample in got where !expectedLabels.contains(sample.labels) {
            problems.append("extra:   \(Describe.labels(sample.labels)) \(Describe.value(sample.value))")
        }
        if ordered && problems.isEmpty {
            for (index, (expected, returned)) in zip(want, got).enumerated() where expected.labels != returned.labels {
                problems.append(
                    "order:   position \(index) expected \(Describe.labels(expected.labels)), got \(Describe.labels(returned.labels))")
            }
        }
        return verdict(problems, expected: want.count, got: got.count)
    }

    private static func compareMatrices(_ want: [ExpectedSeries], _ got: [RangeSeries]) -> Verdict {
        var problems = duplicates(got.map(\.labels))
        var actual: [Labels: RangeSeries] = [:]
        for series in got { actual[series.labels] = series }
        let expectedLabels = Set(want.map(\.labels))
        for series in want {
            guard let returned = actual[series.labels] else {
                problems.append("missing: \(Describe.labels(series.labels)) \(Describe.points(series.points)) (line \(series.line))")
                continue
            }
            let samePoints =
                series.points.count == returned.points.count
                && zip(series.points, returned.points).allSatisfy { want, got in
                    want.timestamp == got.t && FloatComparison.matches(want.value, got.v)
                }
            if !samePoints {
                problems.append(
                    "points:  \(Describe.labels(series.labels))\n    expected \(Describe.points(series.points))\n"
                        + "    got      \(Describe.points(returned.points))")
            }
        }
        for series in got where !expectedLabels.contains(series.labels) {
            problems.append("extra:   \(Describe.labels(series.labels)) \(Describe.points(series.points))")
        }
        return verdict(problems, expected: want.count, got: got.count)
    }

    private static func duplicates(_ labels: [Labels]) -> [String] {
        var seen: Set<Labels> = []
        return labels.filter { !seen.insert($0).inserted }.map { "duplicate series in result: \(Describe.labels($0))" }
    }

    private static func verdict(_ problems: [String], expected: Int, got: Int) -> Verdict {
        guard !problems.isEmpty else { return .pass }
        return .fail((["expected \(expected) series, got \(got)"] + problems.map { "  " + $0 }).joined(separator: "\n"))
    }
}

/// An engine's error for a query, as text (the only part the scripts can check).
public struct QueryFailure: Error, Sendable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}
