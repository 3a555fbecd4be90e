import PromQL
import PrometheusModel
import Testing

/// Aggregation operators, grouping, and `topk`/`bottomk` ordering.
struct AggregationTests {
    static func fixture() -> EngineFixture {
        let fixture = EngineFixture()
        for (job, instance, value) in [("a", "1", 1.0), ("a", "2", 3.0), ("b", "1", 10.0), ("b", "2", 20.0), ("b", "3", 30.0)] {
            fixture.load(.metric("load", ("job", job), ("instance", instance)), every: 60, [value])
        }
        return fixture
    }

    @Test func byAndWithoutGrouping() throws {
        let fixture = Self.fixture()
        #expect(try fixture.vector("sum by (job) (load)", at: 0) == [#"{job="a"}"#: 4, #"{job="b"}"#: 60])
        #expect(try fixture.vector("sum without (instance) (load)", at: 0) == [#"{job="a"}"#: 4, #"{job="b"}"#: 60])
        #expect(try fixture.vector("sum(load)", at: 0) == ["{}": 64])
    }

    @Test func countAvgMinMax() throws {
        let fixture = Self.fixture()
        #expect(try fixture.vector("count by (job) (load)", at: 0) == [#"{job="a"}"#: 2, #"{job="b"}"#: 3])
        #expect(try fixture.vector("avg by (job) (load)", at: 0) == [#"{job="a"}"#: 2, #"{job="b"}"#: 20])
        #expect(try fixture.vector("min(load)", at: 0) == ["{}": 1])
        #expect(try fixture.vector("max(load)", at: 0) == ["{}": 30])
    }

    @Test func quantileInterpolatesBetweenRanks() throws {
        let fixture = Self.fixture()
        #expect(try fixture.vector("quantile by (job) (0.5, load)", at: 0) == [#"{job="a"}"#: 2, #"{job="b"}"#: 20])
        #expect(try fixture.vector("quantile(0.25, load)", at: 0) == ["{}": 3])
        #expect(try fixture.vector("quantile(2, load)", at: 0) == ["{}": .infinity])
    }

    @Test func topkKeepsLabelsAndOrdersBestFirst() throws {
        let fixture = Self.fixture()
        #expect(try fixture.ordered("topk(2, load)", at: 0) == [
            #"load{instance="3", job="b"} 30.0"#, #"load{instance="2", job="b"} 20.0"#,
        ])
        #expect(try fixture.ordered("bottomk by (job) (1, load)", at: 0) == [
            #"load{instance="1", job="a"} 1.0"#, #"load{instance="1", job="b"} 10.0"#,
        ])
        #expect(fixture.error("topk(scalar(nothing), load)", at: 0) == "Parameter value is NaN")
    }

    @Test func compensatedSumGivesExactZero() throws {
        let fixture = EngineFixture()
        for (index, value) in [1e100, 1.0, -1e100, 1.0].enumerated() {
            fixture.load(.metric("big", ("i", "\(index)")), every: 60, [value])
        }
        #expect(try fixture.vector("sum(big)", at: 0) == ["{}": 2])
    }
}
