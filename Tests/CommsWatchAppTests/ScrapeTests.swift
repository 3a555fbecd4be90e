import CommsWatchApp
import MetricRegistry
import Foundation
import Gzip
import TestSupport
import Testing

/// The scrape endpoint as Prometheus and tools see it, checked with independent parsers.
struct ScrapeTests {
    @Test func textFormatPassesPromtool() throws {
        let running = try RunningService()
        running.service.registry.counter(name: "commswatch_test_events_total", help: "Test events.", labelNames: ["kind"])
            .labels("a\"b\\c\nd").increment(by: 3)
        _ = try running.curl(["\(running.baseURL)/healthz"])
        let scrape = try running.curl(["--include", "\(running.baseURL)/api/metrics/prometheus"])
        #expect(scrape.stdout.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8"))
        let body = try running.curl(["\(running.baseURL)/api/metrics/prometheus"]).stdout
        #expect(body.contains("commswatch_test_events_total{kind=\"a\\\"b\\\\c\\nd\"} 3\n"))
        #expect(body.contains("commswatch_http_requests_total{route=\"/healthz\",method=\"GET\",code=\"200\"} 1\n"))
        for name in ["process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes",
                     "process_open_fds", "process_max_fds", "process_start_time_seconds"] {
            #expect(body.contains("\n# TYPE \(name) "), "missing \(name)")
        }
        let promtool = try #require(ExternalTool.find("promtool"), "promtool is not installed; run .ci/install-deps")
        let lint = try ExternalTool.run(promtool, ["check", "metrics"], stdin: Array(body.utf8))
        #expect(lint.status == 0, "promtool: \(lint.stdout) \(lint.stderr)")
        #expect(lint.stdout.isEmpty && lint.stderr.isEmpty, "promtool: \(lint.stdout) \(lint.stderr)")
    }

    @Test func openMetricsWhenTheScraperPrefersIt() throws {
        let running = try RunningService()
        let accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
        let scrape = try running.curl(["--include", "-H", "Accept: \(accept)", "\(running.baseURL)/api/metrics/prometheus"])
        #expect(scrape.stdout.contains("Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8"))
        #expect(scrape.stdout.hasSuffix("# EOF\n"))
    }

    @Test func gzipWhenAccepted() throws {
        let running = try RunningService()
        let client = try LoopbackConnection(port: running.port)
        try client.send("GET /api/metrics/prometheus HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n")
        let response = try #require(try client.readResponse())
        #expect(response.header("Content-Encoding") == "gzip")
        let plain = String(decoding: try Gzip.decompress(response.body, limit: 10 << 20), as: UTF8.self)
        #expect(plain.contains("# TYPE process_open_fds gauge"))
        let viaCurl = try running.curl(["--compressed", "\(running.baseURL)/api/metrics/prometheus"])
        #expect(viaCurl.stdout.contains("# TYPE process_open_fds gauge"))
    }

    @Test func curlReusesTheKeepAliveConnection() throws {
        let running = try RunningService()
        let result = try running.curl(["--verbose", "\(running.baseURL)/healthz", "\(running.baseURL)/healthz"])
        #expect(result.stderr.contains("Re-using existing connection"), "curl said: \(result.stderr)")
        #expect(result.stdout == "{\"status\":\"ok\"}\n{\"status\":\"ok\"}\n")
    }

    @Test func readinessNeedsAWritableDataDirectory() throws {
        let running = try RunningService()
        #expect(try running.curl(["--write-out", "%{http_code}", "--output", "/dev/null", "\(running.baseURL)/readyz"]).stdout == "200")
        // A plain file where the directory was: unwritable even for root, unlike a permission change.
        try FileManager.default.removeItem(at: running.dataDirectory)
        try Data("not a directory".utf8).write(to: running.dataDirectory)
        let answer = try running.curl(["--write-out", "\n%{http_code}", "\(running.baseURL)/readyz"]).stdout
        #expect(answer.hasSuffix("\n503"))
        #expect(answer.contains("data_dir_not_writable"))
    }
}
