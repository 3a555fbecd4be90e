import Exposition
import Foundation
import MetricRegistry
import TestSupport
import Testing

/// Independent parsers read what the writers produce: `promtool check metrics` (Prometheus's own
/// parser and linter) and both of Python prometheus_client's parsers. CI installs both tools, so
/// a missing tool fails these tests rather than skipping them.
struct OracleTests {
    @Test func promtoolAcceptsTheTextFormatWithoutLintComplaints() throws {
        let promtool = try #require(ExternalTool.find("promtool"), "promtool is not installed")
        let (registry, _) = Self.oracleRegistry()
        var buffer: [UInt8] = []
        TextFormat.render(registry.snapshot(), into: &buffer)
        let result = try ExternalTool.run(promtool, ["check", "metrics"], stdin: buffer)
        #expect(result.status == 0, "promtool: \(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "promtool: \(result.stdout)\(result.stderr)")
    }

    @Test(arguments: [ExpositionFormat.text, .openMetrics])
    func prometheusClientReadsBackWhatWasRecorded(format: ExpositionFormat) throws {
        let python = try #require(ExternalTool.find("python3"), "python3 is not installed")
        let (registry, recorded) = Self.oracleRegistry()
        let snapshot = registry.snapshot()
        var buffer: [UInt8] = []
        format.render(snapshot, into: &buffer)
        let mode = format == .openMetrics ? "openmetrics" : "text"
        let result = try ExternalTool.run(python, ["-c", Self.parserScript, mode], stdin: buffer)
        try #require(result.status == 0, "prometheus_client (\(mode)) failed: \(result.stderr)")
        let families = try JSONDecoder().decode([ParsedFamily].self, from: Data(result.stdout.utf8))

        var expected = recorded
        for family in snapshot where family.name.hasPrefix("process_") {
            if case .scalar(let value) = family.series.first?.value { expected[Self.key(family.name, [:])] = value }
        }
        var parsed: [String: Double] = [:]
        for family in families {
            for sample in family.samples {
                parsed[Self.key(sample.name, sample.labels)] = Double(sample.value)
            }
        }
        #expect(Set(parsed.keys) == Set(expected.keys))
        for (key, value) in expected {
            let read = parsed[key]
            #expect(
                read == value || (read?.isNaN == true && value.isNaN),
                "\(key): wrote \(value), read \(String(describing: read))")
        }

        let helps = Dictionary(families.map { ($0.name, $0.help) }, uniquingKeysWith: { first, _ in first })
        #expect(helps["test_notes"] == "Line one.\nA \\ backslash, \"quotes\" and  two spaces.")
        #expect(helps["test_sent"] == "Messages sent.")
        let types = Dictionary(families.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        #expect(types["test_sent"] == "counter")
        #expect(types["test_wait_seconds"] == "histogram")
        #expect(types["process_open_fds"] == "gauge")
    }

    /// A registry with every metric type, label values that need escaping, values that need
    /// care (fractions, negatives, huge, tiny, infinite), an overflowed family and the process
    /// collector; and every sample it must expose, keyed as `key(_:_:)` does.
    static func oracleRegistry() -> (MetricRegistry, [String: Double]) {
        let registry = MetricRegistry(seriesLimit: 3)
        registry.register(collector: ProcessCollector())
        var expected: [String: Double] = [:]

        let sent = registry.counter(name: "test_sent_total", help: "Messages sent.", labelNames: ["channel", "note"])
        sent.labels("ws", "tab\there").increment(by: 3)
        sent.labels("sse", "quote \" and backslash \\").increment(by: 0.1)
        sent.labels("poll", "new\nline and Björn 佖佥").increment(by: 1e21)
        sent.labels("push", "beyond the limit").increment()
        sent.labels("email", "beyond the limit").increment()
        expected[key("test_sent_total", ["channel": "ws", "note": "tab\there"])] = 3
        expected[key("test_sent_total", ["channel": "sse", "note": "quote \" and backslash \\"])] = 0.1
        expected[key("test_sent_total", ["channel": "poll", "note": "new\nline and Björn 佖佥"])] = 1e21
        expected[key("test_sent_total", ["channel": "__overflow__", "note": "__overflow__"])] = 2
        expected[key("commswatch_metric_series_overflow_total", ["metric": "test_sent_total"])] = 2
        for other in ["test_notes", "test_idle", "test_wait_seconds"] {
            expected[key("commswatch_metric_series_overflow_total", ["metric": other])] = 0
        }

        let notes = registry.gauge(
            name: "test_notes",
            help: "Line one.\nA \\ backslash, \"quotes\" and  two spaces.",
            labelNames: ["kind"]
        )
        notes.labels("negative").set(-2.5e-7)
        notes.labels("infinite").set(.infinity)
        notes.labels("large").set(123_456_789.125)
        expected[key("test_notes", ["kind": "negative"])] = -2.5e-7
        expected[key("test_notes", ["kind": "infinite"])] = .infinity
        expected[key("test_notes", ["kind": "large"])] = 123_456_789.125

        registry.gauge(name: "test_idle", help: "Unlabelled, never set.").labels().set(0)
        expected[key("test_idle", [:])] = 0

        let wait = registry.histogram(
            name: "test_wait_seconds",
            help: "Wait.",
            labelNames: ["job"],
            buckets: [0.001, 0.25, 1, 100_000, 2_500_000]
        )
        for value in [0.0005, 0.2, 0.2, 3, 3_000_000] { wait.labels("a \"b\"").observe(value) }
        for (le, count) in [("0.001", 1.0), ("0.25", 3), ("1", 3), ("100000", 4), ("2500000", 4), ("+Inf", 5)] {
            expected[key("test_wait_seconds_bucket", ["job": "a \"b\"", "le": le])] = count
        }
        expected[key("test_wait_seconds_count", ["job": "a \"b\""])] = 5
        expected[key("test_wait_seconds_sum", ["job": "a \"b\""])] = 0.0005 + 0.2 + 0.2 + 3 + 3_000_000
        return (registry, expected)
    }

    /// `name{a=…,b=…}` with labels sorted and `le` read as a number, so `1`, `1.0` and `1e+00` agree.
    static func key(_ name: String, _ labels: [String: String]) -> String {
        let pairs = labels.sorted { $0.key < $1.key }.map { label, value in
            let normalized = label == "le" ? String(Double(value) ?? .nan) : value
            return "\(label)=\(normalized.debugDescription)"
        }
        return "\(name){\(pairs.joined(separator: ","))}"
    }

    struct ParsedFamily: Decodable {
        var name: String
        var type: String
        var help: String
        var samples: [ParsedSample]
    }

    struct ParsedSample: Decodable {
        var name: String
        var labels: [String: String]
        var value: String
    }

    static let parserScript = """
        import json, sys
        if sys.argv[1] == "openmetrics":
            from prometheus_client.openmetrics.parser import text_string_to_metric_families
        else:
            from prometheus_client.parser import text_string_to_metric_families
        families = []
        for family in text_string_to_metric_families(sys.stdin.read()):
            samples = [{"name": s.name, "labels": s.labels, "value": repr(float(s.value))} for s in family.samples]
            families.append({"name": family.name, "type": family.type, "help": family.documentation, "samples": samples})
        print(json.dumps(families))
        """
}
