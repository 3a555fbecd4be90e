import PromQL
import PrometheusModel
import Testing

/// `rate`/`increase`/`delta` extrapolation and counter resets, `irate`/`idelta`, `_over_time`.
struct RangeFunctionTests {
    @Test func rateExtrapolatesToTheWindowButNotBelowZero() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("requests_total"), every: 60, [0, 10, 20, 30, 40, 50])
        // Samples 10…50 at 60…300 s: 40 over 240 s, extended by 60 s to where the counter was zero.
        #expect(try fixture.vector("increase(requests_total[5m])", at: 300) == ["{}": 50])
        #expect(try fixture.vector("rate(requests_total[5m])", at: 300)["{}"]! == 50.0 / 300)
    }

    @Test func counterResetsAreAddedBack() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("c"), every: 60, [0, 10, 20, 5, 15])
        #expect(try fixture.vector("increase(c[5m])", at: 240) == ["{}": 35])
        #expect(try fixture.vector("delta(c[5m])", at: 240)["{}"]! == 15 * 300.0 / 240)
    }

    @Test func oneSampleGivesNoRate() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("c"), every: 300, [0, 10])
        #expect(try fixture.vector("rate(c[5m])", at: 300) == [:])
    }

    @Test func irateAndIdeltaUseTheLastTwoSamples() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("c"), every: 60, [0, 10, 20, 5, 15])
        #expect(try fixture.vector("irate(c[5m])", at: 240) == ["{}": 10.0 / 60])
        #expect(try fixture.vector("irate(c[5m])", at: 180) == ["{}": 5.0 / 60], "a reset counts from zero")
        #expect(try fixture.vector("idelta(c[5m])", at: 180) == ["{}": -15])
    }

    @Test func overTimeAggregations() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("g"), every: 60, [4, 1, 7, 2])
        #expect(try fixture.vector("avg_over_time(g[5m])", at: 180) == ["{}": 3.5])
        #expect(try fixture.vector("sum_over_time(g[5m])", at: 180) == ["{}": 14])
        #expect(try fixture.vector("min_over_time(g[5m])", at: 180) == ["{}": 1])
        #expect(try fixture.vector("max_over_time(g[5m])", at: 180) == ["{}": 7])
        #expect(try fixture.vector("count_over_time(g[5m])", at: 180) == ["{}": 4])
        #expect(try fixture.vector("last_over_time(g[5m])", at: 180) == ["g{}": 2], "last_over_time keeps the name")
        #expect(try fixture.vector("changes(g[5m])", at: 180) == ["{}": 3])
        #expect(try fixture.vector("resets(g[5m])", at: 180) == ["{}": 2])
    }

    @Test func derivAndPredictLinearFitALine() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("g"), every: 60, [0, 60, 120, 180])
        #expect(try fixture.vector("deriv(g[5m])", at: 180) == ["{}": 1])
        #expect(try fixture.vector("predict_linear(g[5m], 60)", at: 180) == ["{}": 240])
    }
}
