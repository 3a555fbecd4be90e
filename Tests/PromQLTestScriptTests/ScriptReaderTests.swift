import PromQLTestScript
import PrometheusModel
import Testing

/// Block structure, eval headers, expect lines and result lines (FORMAT.md §1, §4).
struct ScriptReaderTests {
    static let script = """
        # comment
        load 5m
            http_requests{job="api"} 0+10x2
            cpu{mode="idle"} 1 _ stale
            cpu{mode="idle"} 7

        eval instant at 50m sum(http_requests)
            expect no_warn
            {} 20
        # ends nothing: a comment between blocks
        eval range from 0 to 10m step 5m  http_requests  *  2
            http_requests{job="api"} 0 _ 40

        eval instant at 1h30m scalar(cpu)
          2
        clear
        eval_fail instant at 0 a / b
          expect fail msg: many-to-many matching not allowed
          expect warn regex: PromQL warning: .* \\(1:1\\)
          expect info
          expect no_info

        eval_ordered instant at 1m topk(2, x)
          x{a="2"} 2
          x{a="1"} NaN
        """

    @Test func readsEveryCommand() throws {
        let parsed = try TestScript.parse(Self.script, file: "dir/example.test")
        #expect(parsed.commands.count == 7)
        guard case .load(let load) = parsed.commands[0], case .clear = parsed.commands[4] else {
            Issue.record("expected load … clear")
            return
        }
        #expect(load.step == 300_000 && load.line == 2)
        #expect(load.series.count == 2)
        #expect(load.series[0].points == [0, 10, 20].enumerated().map { SamplePoint(timestamp: Int64($0) * 300_000, value: .float($1)) })
        #expect(load.series[1].samples == [.float(7)])
        #expect(load.series[1].line == 5)
    }

    @Test func readsEvalsWithTheirExpectations() throws {
        let evals = try TestScript.parse(Self.script, file: "example.test").evals
        #expect(evals.map(\.line) == [7, 11, 14, 17, 23])
        #expect(evals[0].mode == .instant(at: 3_000_000))
        #expect(evals[0].expectations.warnings == .forbidden)
        #expect(evals[0].expected == .vector([ExpectedSample(line: 9, labels: Labels(), value: .float(20))]))
        #expect(evals[1].mode == .range(start: 0, end: 600_000, step: 300_000))
        #expect(evals[1].mode.timestamps == [0, 300_000, 600_000])
        #expect(evals[1].query == "http_requests  *  2")
        let api = Labels([("__name__", "http_requests"), ("job", "api")])
        #expect(evals[1].expected == .matrix([ExpectedSeries(line: 12, labels: api, points: [
            SamplePoint(timestamp: 0, value: .float(0)), SamplePoint(timestamp: 600_000, value: .float(40)),
        ])]))
        #expect(evals[2].mode == .instant(at: 5_400_000))
        #expect(evals[2].expected == .scalar(2))
        let failing = evals[3].expectations
        #expect(failing.failure == .message("many-to-many matching not allowed"))
        #expect(failing.warnings == .required([.regex(#"PromQL warning: .* \(1:1\)"#)]))
        #expect(failing.infos == .forbidden)
        #expect(evals[4].expectations.ordered)
        guard case .vector(let samples) = evals[4].expected else {
            Issue.record("expected a vector")
            return
        }
        #expect(samples.map { $0.labels["a"] } == ["2", "1"])
    }

    @Test func stringAndRangeVectorExpectations() throws {
        let text = """
            eval instant at 50m " Foo "
              expect string " Foo "

            eval instant at 1m m[1m]
              expect range vector from 10s to 1m step 10s
              m{env="a"} 2 3 _ 5

            eval range from 0 to 1m step 30s x
              expected_fail_regexp dup.*
            """
        let evals = try TestScript.parse(text, file: "s.test").evals
        #expect(evals[0].expected == .string(" Foo "))
        guard case .matrix(let series) = evals[1].expected else {
            Issue.record("expected a matrix")
            return
        }
        #expect(series[0].points.map(\.timestamp) == [10_000, 20_000, 40_000])
        #expect(evals[2].expectations.failure == .regex("dup.*"))
        #expect(evals[2].expected == .matrix([]))
    }

    @Test func manifestRowsAreAttachedByFileAndLine() throws {
        let manifest = try ManifestEntry.parseManifest("""
            # file\tline\tmode\tstatus\tnotes\texpr
            s.test\t1\tinstant\toutside\tfunc:changes expects-empty-result\tchanges(x[1m])
            other.test\t1\tinstant\tcore\t\tx
            """)
        #expect(manifest.count == 2)
        #expect(manifest[0].notes == ["func:changes", "expects-empty-result"])
        #expect(manifest[0].functions == ["changes"])
        let evals = try TestScript.parse("eval instant at 0 changes(x[1m])", file: "/a/s.test", manifest: manifest).evals
        #expect(evals[0].status == .outside)
        #expect(evals[0].manifest?.expr == "changes(x[1m])")
    }

    @Test(arguments: [
        ("load 5m\n  up 1\n  up{", 3, "missing '}' at the end of the label set"),
        ("load 5m\n  up 1 2x", 2, "invalid repetition count in '2x'"),
        ("load five\n", 1, "invalid load step 'five'"),
        ("clear\nbogus 1", 2, "unknown command 'bogus': expected load, clear or eval"),
        ("eval instant at 5q up", 1, "invalid evaluation time '5q'"),
        ("eval instant at 5m", 1, "missing query expression"),
        ("eval range from 10m to 5m step 1m up", 1, "range end is before its start"),
        ("eval range from 0 to 1m step 30s up\n  up 1 2 3 4", 2, "4 values listed but the range has only 3 steps"),
        ("eval instant at 0 up\n  up 1 2", 2, "an instant result line needs exactly one value, found 2"),
        ("eval instant at 0 up\n  up 1\n  expect ordered", 3, "expect lines must come before result lines"),
        ("eval instant at 0 up\n  expect sorted", 2, "unknown expectation 'expect sorted'"),
        ("eval instant at 0 up\n  expect fail msg:", 2, "msg: needs a text"),
        ("eval instant at 0 up\n  up 1\n  up 2", 3, "series up{} is listed twice"),
        ("eval instant at 0 1\n  1\n  2", 3, "unknown command '2': expected load, clear or eval"),
        ("eval range from 0 to 1m step 1m up\n  expect range vector from 0 to 1m step 1m", 2,
         "expect range vector is only valid for instant evals"),
    ] as [(String, Int, String)])
    func errorsCarryFileAndLine(text: String, line: Int, message: String) {
        #expect(throws: ScriptError(file: "bad.test", line: line, message: message)) {
            try TestScript.parse(text, file: "bad.test")
        }
    }
}
