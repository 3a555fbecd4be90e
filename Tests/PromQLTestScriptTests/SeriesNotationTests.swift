import PromQLTestScript
import PrometheusModel
import Testing

/// Series notation (FORMAT.md §2) and Prometheus durations.
struct SeriesNotationTests {
    @Test func nameOnlyNameWithLabelsAndNameInsideBraces() throws {
        #expect(try SeriesNotation.parse("up 1").labels == Labels([("__name__", "up")]))
        let written = try SeriesNotation.parse(#"http_requests{job="api", instance="0"}  0+10x10"#)
        #expect(written.labels == Labels([("__name__", "http_requests"), ("instance", "0"), ("job", "api")]))
        #expect(written.remainder == "  0+10x10")
        #expect(try SeriesNotation.parse(#"{__name__="up", a="b"} 1"#).labels == Labels([("__name__", "up"), ("a", "b")]))
        #expect(try SeriesNotation.parse("{} 1").labels == Labels())
        #expect(try SeriesNotation.parse("job:rate5m:sum 1").labels.metricName == "job:rate5m:sum")
        #expect(try SeriesNotation.parse(#"x{a="1",} 1"#).labels == Labels([("__name__", "x"), ("a", "1")]))
    }

    @Test func labelValuesUseGoEscapes() throws {
        let labels = try SeriesNotation.parse(#"m{a="q\"b\\c\nd", b='it\'s', c=`raw\n`, d="\x41\101\u00e9\U0001F600"} 1"#).labels
        #expect(labels["a"] == "q\"b\\c\nd")
        #expect(labels["b"] == "it's")
        #expect(labels["c"] == #"raw\n"#)
        #expect(labels["d"] == "AAé😀")
    }

    @Test(arguments: [
        (#"m{a!="1"} 1"#, "only '=' matchers are allowed in series notation, found '!' for a"),
        (#"m{a=~"1"} 1"#, "only '=' matchers are allowed in series notation, found '=~' for a"),
        (#"m{a="1" 1"#, "expected ',' or '}' after the value of a, found '1'"),
        (#"m{a="1""#, "missing '}' at the end of the label set"),
        (#"m{a="1", a="2"} 1"#, "label a given twice"),
        (#"m{__name__="n"} 1"#, "metric name given twice"),
        (#"m{a="unterminated} 1"#, "unterminated string"),
        (#"m{a="\q"} 1"#, #"unknown escape sequence \q"#),
        (#"m{1a="x"} 1"#, "expected a label name, found '1'"),
        (#"m-x 1"#, "unexpected character '-' in metric name"),
        (#"5 1"#, "expected a metric name or '{' at the start of a series"),
    ] as [(String, String)])
    func malformedSeriesGiveClearErrors(text: String, message: String) {
        #expect(throws: NotationError(message)) { try SeriesNotation.parse(text) }
    }

    @Test func durationsFollowPrometheusSyntax() {
        #expect(PrometheusDuration.milliseconds("0") == 0)
        #expect(PrometheusDuration.milliseconds("1ms") == 1)
        #expect(PrometheusDuration.milliseconds("10s") == 10_000)
        #expect(PrometheusDuration.milliseconds("5m") == 300_000)
        #expect(PrometheusDuration.milliseconds("1h30m") == 5_400_000)
        #expect(PrometheusDuration.milliseconds("10m1s") == 601_000)
        #expect(PrometheusDuration.milliseconds("1d") == 86_400_000)
        #expect(PrometheusDuration.milliseconds("1w") == 604_800_000)
        #expect(PrometheusDuration.milliseconds("1y") == 31_536_000_000)
        #expect(PrometheusDuration.milliseconds("1y2w3d4h5m6s7ms") == 33_019_506_007)
    }

    @Test(arguments: ["", "5", "1.5s", "m", "5m1h", "1s1s", "1x", "-1s", "1 s", "99999999999999999999y"])
    func invalidDurationsAreRejected(text: String) {
        #expect(PrometheusDuration.milliseconds(text) == nil)
    }
}
