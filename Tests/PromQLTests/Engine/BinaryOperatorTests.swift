import PromQL
import PrometheusModel
import Testing

/// Arithmetic, comparison and set operators, vector matching and their label rules.
struct BinaryOperatorTests {
    static func fixture() -> EngineFixture {
        let fixture = EngineFixture()
        fixture.load(.metric("errors", ("job", "a"), ("code", "500")), every: 60, [4])
        fixture.load(.metric("errors", ("job", "a"), ("code", "503")), every: 60, [6])
        fixture.load(.metric("requests", ("job", "a")), every: 60, [100])
        fixture.load(.metric("requests", ("job", "b")), every: 60, [50])
        return fixture
    }

    @Test func scalarArithmeticAndBoolComparison() throws {
        let fixture = EngineFixture()
        #expect(try fixture.scalar("2 ^ 3 ^ 2", at: 0) == 512)
        #expect(try fixture.scalar("7 % 4", at: 0) == 3)
        #expect(try fixture.scalar("1 < bool 2", at: 0) == 1)
    }

    @Test func arithmeticDropsTheNameAndComparisonKeepsIt() throws {
        let fixture = Self.fixture()
        #expect(try fixture.vector("requests * 2", at: 0) == [#"{job="a"}"#: 200, #"{job="b"}"#: 100])
        #expect(try fixture.vector("requests > 60", at: 0) == [#"requests{job="a"}"#: 100])
        #expect(try fixture.vector("requests > bool 60", at: 0) == [#"{job="a"}"#: 1, #"{job="b"}"#: 0])
        #expect(try fixture.vector("60 < requests", at: 0) == [#"requests{job="a"}"#: 100], "the vector's value is kept")
    }

    @Test func oneToOneMatchingWithOnAndIgnoring() throws {
        let fixture = Self.fixture()
        #expect(try fixture.vector(#"errors{code="500"} / ignoring(code) requests"#, at: 0) == [#"{job="a"}"#: 0.04])
        #expect(try fixture.vector(#"errors{code="503"} / on(job) requests"#, at: 0) == [#"{job="a"}"#: 0.06])
    }

    @Test func groupLeftKeepsTheManySideLabels() throws {
        let fixture = Self.fixture()
        let result = try fixture.vector("errors / on(job) group_left requests", at: 0)
        #expect(result == [#"{code="500", job="a"}"#: 0.04, #"{code="503", job="a"}"#: 0.06])
    }

    @Test func manyToOneWithoutGroupModifierFails() throws {
        let fixture = Self.fixture()
        #expect(fixture.error("errors / on(job) requests", at: 0)?.hasPrefix("multiple matches for labels") == true)
        #expect(fixture.error("requests / on(job) errors", at: 0)?.hasPrefix("found duplicate series for the match group") == true)
    }

    @Test func setOperators() throws {
        let fixture = Self.fixture()
        #expect(try fixture.vector("requests and on(job) errors", at: 0) == [#"requests{job="a"}"#: 100])
        #expect(try fixture.vector("requests unless on(job) errors", at: 0) == [#"requests{job="b"}"#: 50])
        #expect(try fixture.vector(#"requests{job="a"} or requests"#, at: 0).count == 2)
    }

    @Test func unaryMinusDropsTheName() throws {
        let fixture = Self.fixture()
        #expect(try fixture.vector(#"-requests{job="b"}"#, at: 0) == [#"{job="b"}"#: -50])
    }

    @Test func sameLabelSetTwiceInAResultFails() throws {
        let fixture = Self.fixture()
        #expect(fixture.error("errors * 1", at: 0) == nil)
        #expect(fixture.error("requests * 1 or errors * 1", at: 0) == nil)
        #expect(fixture.error(#"{__name__=~"requests|errors", code=""} * 1"#, at: 0) == nil)
        fixture.load(.metric("other", ("job", "a")), every: 60, [1])
        #expect(fixture.error(#"{job="a", code=""} * 1"#, at: 0) == "vector cannot contain metrics with the same labelset")
    }
}
