import PromQL
import PrometheusModel
import Testing

/// Range queries evaluate at every step and collect one series per label set.
struct RangeQueryTests {
    @Test func pointsAtEachStepWithGapsWhereNothingIsSelected() throws {
        let fixture = EngineFixture()
        fixture.load(.metric("x"), every: 60, [1, 2, nil, nil, nil, nil, nil, 8])
        let result = try fixture.engine.rangeQuery(Parser.parse("x"), start: 0, end: 420_000, step: 60_000, on: fixture.store)
        #expect(result.count == 1)
        #expect(result[0].points.map(\.timestamp) == [0, 60, 120, 180, 240, 300, 420].map { Int64($0) * 1000 })
        #expect(result[0].points.map(\.value) == [1, 2, 2, 2, 2, 2, 8])
    }

    @Test func scalarExpressionsBecomeOneUnlabelledSeries() throws {
        let fixture = EngineFixture()
        let result = try fixture.engine.rangeQuery(Parser.parse("time() * 2"), start: 0, end: 2000, step: 1000, on: fixture.store)
        #expect(result.map(\.labels) == [Labels()])
        #expect(result[0].points.map(\.value) == [0, 2, 4])
    }
}
