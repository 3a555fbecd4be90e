import PromQL
import PrometheusModel
import Testing

/// Instant selectors look back 5 minutes and stop at stale markers; range selectors are left-open.
struct SelectorTests {
    @Test func instantSelectorTakesTheNewestSampleWithinTheLookback() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("up", ("job", "a")), every: 60, [1, 2, 3])
        #expect(try fixture.vector("up", at: 90) == ["up{job=\"a\"}": 2])
        #expect(try fixture.vector("up", at: 120 + 299) == ["up{job=\"a\"}": 3])
        #expect(try fixture.vector("up", at: 120 + 300) == [:], "the lookback window (t − 5m, t] excludes its left edge")
    }

    @Test func staleMarkerHidesTheSeriesUntilTheNextSample() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("up"), every: 60, [1, .nan, 3], staleAt: [1])
        #expect(try fixture.vector("up", at: 30) == ["up{}": 1])
        #expect(try fixture.vector("up", at: 90) == [:])
        #expect(try fixture.vector("up", at: 120) == ["up{}": 3])
    }

    @Test func matchersFilterSeries() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("x", ("job", "api")), every: 60, [1])
        fixture.load(.metric("x", ("job", "web")), every: 60, [2])
        #expect(try fixture.vector(#"x{job=~"a.*"}"#, at: 0) == [#"x{job="api"}"#: 1])
        #expect(try fixture.vector(#"x{job!="api"}"#, at: 0) == [#"x{job="web"}"#: 2])
        #expect(try fixture.vector(#"{__name__="x", job!~"w.*"}"#, at: 0) == [#"x{job="api"}"#: 1])
    }

    @Test func offsetShiftsTheEvaluationTimeBothWays() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("x"), every: 60, [0, 10, 20])
        #expect(try fixture.vector("x offset 1m", at: 120) == ["x{}": 10])
        #expect(try fixture.vector("x offset -1m", at: 60) == ["x{}": 20])
    }

    @Test func rangeSelectorWindowIsLeftOpen() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("x"), every: 60, [0, 10, 20, 30])
        #expect(try fixture.vector("count_over_time(x[2m])", at: 180) == ["{}": 2])
        #expect(try fixture.vector("count_over_time(x[121s])", at: 180) == ["{}": 3])
    }

    @Test func rangeSelectorDropsStaleMarkers() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("x"), every: 60, [1, .nan, 3], staleAt: [1])
        #expect(try fixture.vector("count_over_time(x[5m])", at: 120) == ["{}": 2])
    }
}

/// Subqueries and the `@` modifier.
struct SubqueryAndAtTests {
    @Test func subqueryEvaluatesAtMultiplesOfItsStep() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("x"), every: 60, [1, 2, 3, 4])
        #expect(try fixture.vector("count_over_time(x[3m:1m])", at: 180) == ["{}": 3])
        #expect(try fixture.vector("sum_over_time(x[3m:1m])", at: 180) == ["{}": 9])
        #expect(try fixture.vector("last_over_time(abs(x)[3m:])", at: 180) == ["{}": 4], "a name dropped inside stays dropped")
    }

    @Test func atModifierPinsTheSelectorTime() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("x"), every: 60, [1, 2, 3, 4])
        #expect(try fixture.vector("x @ 60", at: 180) == ["x{}": 2])
        #expect(try fixture.vector("x @ 60 offset 1m", at: 180) == ["x{}": 1])
    }
}
