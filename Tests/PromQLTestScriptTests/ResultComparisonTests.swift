import PromQLTestScript
import PrometheusModel
import Testing

/// The comparison rules of FORMAT.md §5.
struct ResultComparisonTests {
    let a = Labels([("__name__", "m"), ("a", "1")])
    let b = Labels([("__name__", "m"), ("a", "2")])

    func expected(_ pairs: [(Labels, Double)]) -> ExpectedResult {
        .vector(pairs.enumerated().map { ExpectedSample(line: $0 + 1, labels: $1.0, value: .float($1.1)) })
    }

    func actual(_ pairs: [(Labels, Double)]) -> QueryResult {
        .vector(pairs.map { InstantSample(labels: $0.0, value: $0.1) })
    }

    @Test func floatsUseRelativeToleranceAndExactZero() {
        #expect(FloatComparison.equal(1, 1 + 1e-9))
        #expect(!FloatComparison.equal(1, 1.00001))
        #expect(FloatComparison.equal(0, -0.0))
        #expect(!FloatComparison.equal(0, 1e-300))
        #expect(FloatComparison.equal(.infinity, .infinity))
        #expect(!FloatComparison.equal(.infinity, -.infinity))
        #expect(!FloatComparison.equal(.infinity, .greatestFiniteMagnitude))
        #expect(FloatComparison.equal(.greatestFiniteMagnitude, .greatestFiniteMagnitude.nextDown))
    }

    @Test func nanEqualsNanButStaleOnlyEqualsStale() {
        #expect(FloatComparison.equal(.nan, -.nan))
        #expect(!FloatComparison.equal(.nan, SampleValue.staleNaN))
        #expect(FloatComparison.equal(SampleValue.staleNaN, SampleValue.staleNaN))
        #expect(!FloatComparison.equal(1, .nan))
        let stale = ExpectedResult.vector([ExpectedSample(line: 1, labels: a, value: .stale)])
        #expect(ResultComparison.compare(expected: stale, actual: actual([(a, SampleValue.staleNaN)])) == .pass)
        #expect(!ResultComparison.compare(expected: stale, actual: actual([(a, .nan)])).passed)
    }

    @Test func vectorsIgnoreOrderUnlessOrdered() {
        let want = expected([(a, 1), (b, 2)])
        let reversed = actual([(b, 2), (a, 1)])
        #expect(ResultComparison.compare(expected: want, actual: reversed) == .pass)
        #expect(
            ResultComparison.compare(expected: want, actual: reversed, ordered: true)
                == .fail("expected 2 series, got 2\n  order:   position 0 expected m{a=\"1\"}, got m{a=\"2\"}\n"
                    + "  order:   position 1 expected m{a=\"2\"}, got m{a=\"1\"}"))
    }

    @Test func missingExtraAndWrongValuesAreListed() {
        let verdict = ResultComparison.compare(expected: expected([(a, 1), (Labels(), 3)]), actual: actual([(a, 1.5), (b, 2)]))
        #expect(
            verdict == .fail(
                "expected 2 series, got 2\n  value:   m{a=\"1\"} expected 1, got 1.5\n  missing: {} 3 (line 2)\n  extra:   m{a=\"2\"} 2"))
        #expect(!ResultComparison.compare(expected: expected([]), actual: actual([(a, 1), (a, 1)])).passed)
        #expect(ResultComparison.compare(expected: expected([]), actual: actual([])) == .pass)
    }

    @Test func matricesCompareTimestampsAndValues() {
        let want = ExpectedResult.matrix([
            ExpectedSeries(line: 1, labels: a, points: [SamplePoint(timestamp: 0, value: .float(1)), SamplePoint(timestamp: 60_000, value: .float(2))])
        ])
        #expect(ResultComparison.compare(expected: want, actual: .matrix([RangeSeries(labels: a, points: [(0, 1), (60_000, 2)])])) == .pass)
        #expect(!ResultComparison.compare(expected: want, actual: .matrix([RangeSeries(labels: a, points: [(0, 1), (30_000, 2)])])).passed)
        #expect(!ResultComparison.compare(expected: want, actual: .matrix([RangeSeries(labels: a, points: [(0, 1)])])).passed)
        #expect(!ResultComparison.compare(expected: want, actual: .matrix([])).passed)
        #expect(!ResultComparison.compare(expected: .matrix([]), actual: .matrix([RangeSeries(labels: b, points: [(0, 1)])])).passed)
    }

    @Test func resultKindsMustMatch() {
        #expect(ResultComparison.compare(expected: .scalar(2), actual: .scalar(2)) == .pass)
        #expect(ResultComparison.compare(expected: .scalar(2), actual: actual([(Labels(), 2)])) == .fail("expected a scalar result, got a vector of 1 series"))
        #expect(!ResultComparison.compare(expected: expected([]), actual: .scalar(1)).passed)
        #expect(ResultComparison.compare(expected: .string("x"), actual: .string("x")) == .pass)
        #expect(!ResultComparison.compare(expected: .string("x"), actual: .string("y")).passed)
    }

    @Test func failureExpectationsAreHonoured() {
        let failing = Eval(line: 1, mode: .instant(at: 0), query: "q", expectations: Expectations(failure: .any), expected: .vector([]))
        #expect(ResultComparison.check(failing, outcome: .failure(QueryFailure("boom"))) == .pass)
        #expect(!ResultComparison.check(failing, outcome: .success(actual([]))).passed)
        var exact = failing
        exact.expectations.failure = .message("boom")
        #expect(!ResultComparison.check(exact, outcome: .failure(QueryFailure("boom!"))).passed)
        var pattern = failing
        pattern.expectations.failure = .regex(#"found duplicate series .* \(1:\d+\)"#)
        #expect(ResultComparison.check(pattern, outcome: .failure(QueryFailure("x: found duplicate series {a} (1:12)"))) == .pass)
        let succeeding = Eval(line: 1, mode: .instant(at: 0), query: "q", expected: .scalar(1))
        #expect(ResultComparison.check(succeeding, outcome: .failure(QueryFailure("boom"))) == .fail("expected success, got error: boom"))
        #expect(ResultComparison.check(succeeding, outcome: .success(.scalar(1))) == .pass)
    }
}
