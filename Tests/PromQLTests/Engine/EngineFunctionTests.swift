import PromQL
import PrometheusModel
import Testing

/// Instant-vector functions, `histogram_quantile`, `absent` and the scalar/vector conversions.
struct EngineFunctionTests {
    static func histogram(_ counts: [(String, Double)]) -> EngineFixture {
        let fixture = EngineFixture()
        for (bound, count) in counts { fixture.load(.metric("latency_bucket", ("le", bound)), every: 60, [count]) }
        return fixture
    }

    @Test func histogramQuantileInterpolatesInsideTheBucket() throws {
        let fixture = Self.histogram([("0.1", 10), ("0.5", 30), ("1", 40), ("+Inf", 40)])
        let median = try #require(try fixture.vector("histogram_quantile(0.5, latency_bucket)", at: 0)["{}"])
        #expect(abs(median - 0.3) < 1e-12)
        #expect(try fixture.vector("histogram_quantile(1, latency_bucket)", at: 0) == ["{}": 1])
        #expect(try fixture.vector("histogram_quantile(1.5, latency_bucket)", at: 0) == ["{}": .infinity])
    }

    @Test func histogramQuantileFixesNonMonotonicCounts() throws {
        let fixture = Self.histogram([("0.1", 10), ("0.5", 8), ("1", 40), ("+Inf", 40)])
        #expect(try fixture.vector("histogram_quantile(0.25, latency_bucket)", at: 0) == ["{}": 0.1])
    }

    @Test func histogramQuantileWithoutInfBucketIsNaN() throws {
        let fixture = Self.histogram([("0.1", 10), ("0.5", 30)])
        #expect(try fixture.vector("histogram_quantile(0.5, latency_bucket)", at: 0)["{}"]!.isNaN)
    }

    @Test func elementwiseFunctionsDropTheName() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("x"), every: 60, [-2.5])
        #expect(try fixture.vector("abs(x)", at: 0) == ["{}": 2.5])
        #expect(try fixture.vector("clamp_min(x, 0)", at: 0) == ["{}": 0])
        #expect(try fixture.vector("clamp_max(x, -3)", at: 0) == ["{}": -3])
        #expect(try fixture.vector("round(x)", at: 0) == ["{}": -2])
        #expect(try fixture.vector("round(x, 2)", at: 0) == ["{}": -2])
    }

    @Test func timeVectorAndScalar() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("x", ("a", "1")), every: 60, [5])
        #expect(try fixture.scalar("time()", at: 42) == 42)
        #expect(try fixture.vector("vector(3)", at: 0) == ["{}": 3])
        #expect(try fixture.scalar("scalar(x)", at: 0) == 5)
        #expect(try fixture.scalar("scalar(nothing)", at: 0)?.isNaN == true)
    }

    @Test func absentReportsTheEqualityMatchers() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("x"), every: 60, [1])
        #expect(try fixture.vector("absent(x)", at: 0) == [:])
        #expect(try fixture.vector(#"absent(missing{job="a", env=~"p.*"})"#, at: 0) == [#"{job="a"}"#: 1])
        #expect(try fixture.vector(#"absent(missing{job="a", job="b"})"#, at: 0) == ["{}": 1])
    }

    @Test func labelReplaceCanKeepTheName() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("x", ("src", "ab")), every: 60, [1])
        #expect(try fixture.vector(#"label_replace(x, "dst", "<$1>", "src", "a(.)")"#, at: 0) == [#"x{dst="<b>", src="ab"}"#: 1])
        #expect(try fixture.vector(#"label_replace(abs(x), "__name__", "y_$1", "__name__", "(.+)")"#, at: 0) == [#"y_x{src="ab"}"#: 1])
    }
}
