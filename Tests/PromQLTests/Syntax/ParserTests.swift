import PromQL
import Testing

/// Valid queries and the canonical text Prometheus prints for them.
struct ParserTests {
    @Test(arguments: [
        ("foo", "foo"),
        ("foo{a=\"b\", c!~'d'}", "foo{a=\"b\",c!~\"d\"}"),
        ("{__name__=~\"foo.*\"}", "{__name__=~\"foo.*\"}"),
        ("job:rate5m:sum offset 5m", "job:rate5m:sum offset 5m"),
        ("foo[90m] offset -1h @ 100", "foo[1h30m] @ 100.000 offset -1h"),
        ("foo @ start()", "foo @ start()"),
        ("rate(foo[5m])[30m:1m]", "rate(foo[5m])[30m:1m]"),
        ("max_over_time(foo[1d:] offset 1w)", "max_over_time(foo[1d:] offset 1w)"),
        ("sum(rate(x[5m])) by (job)", "sum by (job) (rate(x[5m]))"),
        ("SUM BY (group) (x)", "sum by (group) (x)"),
        ("sum without () (x)", "sum without () (x)"),
        ("sum by () (x)", "sum(x)"),
        ("topk(5, x)", "topk(5, x)"),
        ("count_values(\"v\", x)", "count_values(\"v\", x)"),
        ("quantile(0.9, x) without (a, b,)", "quantile without (a, b) (0.9, x)"),
        ("a * on(x) group_left(y) b", "a * on (x) group_left (y) b"),
        ("a / ignoring(x) group_right b", "a / ignoring (x) group_right () b"),
        ("a > bool on() b", "a > bool on () b"),
        ("a and b", "a and b"),
        ("1 + 2", "1 + 2"),
        ("0x1F + 010 + 1e3 + .5 + 5.", "31 + 8 + 1000 + 0.5 + 5"),
        ("Inf + -inf + NaN", "+Inf + -Inf + NaN"),
        ("1e21", "1e+21"),
        ("5m", "5m"),
        ("-1h30m", "-1h30m"),
        ("'it\\'s' ", "\"it's\""),
        ("`raw\\n`", "\"raw\\\\n\""),
        ("\"\\x41\\u00e9\\101\\t\"", "\"AéA\\t\""),
        ("time()", "time()"),
        ("round(x)", "round(x)"),
        ("label_join(x, \"d\", \",\", \"a\", \"b\")", "label_join(x, \"d\", \",\", \"a\", \"b\")"),
        ("((foo))", "((foo))"),
        ("foo # a comment\n + bar", "foo + bar"),
        ("a + on(sum, bool) b", "a + on (sum, bool) b"),
    ] as [(String, String)])
    func printsCanonically(query: String, expected: String) throws {
        #expect(try printedRoundTrip(query) == expected)
    }

    @Test func aggregationForms() throws {
        #expect(try Parser.parse("sum by (a) (x)") == Parser.parse("sum(x) by (a)"))
        guard case .aggregate(let node) = try Parser.parse("topk(5, x)") else {
            Issue.record("not an aggregation")
            return
        }
        #expect(node.op == .topk)
        #expect(node.param == .number(NumberLiteral(value: 5, isDuration: false, position: PositionRange(start: 5, end: 6))))
    }

    @Test func selectorCarriesNameMatcherAndPositions() throws {
        guard case .vectorSelector(let selector) = try Parser.parse("foo{a=~\"b|c\"} offset 1m") else {
            Issue.record("not a selector")
            return
        }
        #expect(selector.name == "foo")
        #expect(selector.matchers.map(\.description) == ["a=~\"b|c\"", "__name__=\"foo\""])
        #expect(selector.offset == 60_000)
        #expect(selector.position == PositionRange(start: 0, end: 23))
    }

    @Test func setOperatorsAreManyToMany() throws {
        guard case .binary(let node) = try Parser.parse("a and b") else {
            Issue.record("not a binary expression")
            return
        }
        #expect(node.matching?.cardinality == .manyToMany)
        guard case .binary(let scalar) = try Parser.parse("1 + on() 2") else {
            Issue.record("not a binary expression")
            return
        }
        #expect(scalar.matching == nil)
        #expect(try Parser.parse("1 + 2").type == .scalar)
        #expect(try Parser.parse("1 + a").type == .vector)
    }
}
