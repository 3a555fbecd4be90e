import Exposition
import MetricRegistry
import Testing

/// Whole expositions compared byte for byte: snapshots are sorted, so output is deterministic.
struct GoldenOutputTests {
    /// Counters, gauges and histograms with and without labels, tricky label values and HELP text.
    static func sampleRegistry() -> MetricRegistry {
        let registry = MetricRegistry()
        let requests = registry.counter(
            name: "test_http_requests_total",
            help: "HTTP requests by route and status.",
            labelNames: ["route", "code"]
        )
        for _ in 0..<3 { requests.labels("/healthz", "200").increment() }
        requests.labels("/api/events", "202").increment(by: 2.5)

        registry.gauge(name: "test_queue_depth", help: "Jobs waiting.\nSecond line with a \\ backslash and \"quotes\".")
            .labels().set(42)

        let values = registry.gauge(name: "test_label_values", help: "Tricky label values.", labelNames: ["value"])
        values.labels("back\\slash").set(1)
        values.labels("\"quoted\"").set(2)
        values.labels("new\nline").set(3)
        values.labels("Björn 佖佥\ttab").set(-0.5)

        let latency = registry.histogram(
            name: "test_delivery_latency_seconds",
            help: "Delivery latency.",
            labelNames: ["channel"],
            buckets: [0.005, 0.5, 1, 10]
        )
        for value in [0.25, 0.5, 1, 20] { latency.labels("ws").observe(value) }
        for value in [0.00390625, 2] { latency.labels("poll").observe(value) }

        let sizes = registry.histogram(
            name: "test_batch_size", help: "Events per batch.", buckets: [1, 100_000, 1_000_000])
        for value in [1.0, 50] { sizes.labels().observe(value) }
        return registry
    }

    @Test func textFormat() {
        var buffer: [UInt8] = []
        TextFormat.render(Self.sampleRegistry().snapshot(), into: &buffer)
        #expect(
            String(decoding: buffer, as: UTF8.self) == #"""
                # HELP commswatch_metric_series_overflow_total Lookups of new label sets folded into a metric's __overflow__ series at its series limit.
                # TYPE commswatch_metric_series_overflow_total counter
                commswatch_metric_series_overflow_total{metric="test_batch_size"} 0
                commswatch_metric_series_overflow_total{metric="test_delivery_latency_seconds"} 0
                commswatch_metric_series_overflow_total{metric="test_http_requests_total"} 0
                commswatch_metric_series_overflow_total{metric="test_label_values"} 0
                commswatch_metric_series_overflow_total{metric="test_queue_depth"} 0
                # HELP test_batch_size Events per batch.
                # TYPE test_batch_size histogram
                test_batch_size_bucket{le="1"} 1
                test_batch_size_bucket{le="100000"} 2
                test_batch_size_bucket{le="1000000"} 2
                test_batch_size_bucket{le="+Inf"} 2
                test_batch_size_sum 51
                test_batch_size_count 2
                # HELP test_delivery_latency_seconds Delivery latency.
                # TYPE test_delivery_latency_seconds histogram
                test_delivery_latency_seconds_bucket{channel="poll",le="0.005"} 1
                test_delivery_latency_seconds_bucket{channel="poll",le="0.5"} 1
                test_delivery_latency_seconds_bucket{channel="poll",le="1"} 1
                test_delivery_latency_seconds_bucket{channel="poll",le="10"} 2
                test_delivery_latency_seconds_bucket{channel="poll",le="+Inf"} 2
                test_delivery_latency_seconds_sum{channel="poll"} 2.00390625
                test_delivery_latency_seconds_count{channel="poll"} 2
                test_delivery_latency_seconds_bucket{channel="ws",le="0.005"} 0
                test_delivery_latency_seconds_bucket{channel="ws",le="0.5"} 2
                test_delivery_latency_seconds_bucket{channel="ws",le="1"} 3
                test_delivery_latency_seconds_bucket{channel="ws",le="10"} 3
                test_delivery_latency_seconds_bucket{channel="ws",le="+Inf"} 4
                test_delivery_latency_seconds_sum{channel="ws"} 21.75
                test_delivery_latency_seconds_count{channel="ws"} 4
                # HELP test_http_requests_total HTTP requests by route and status.
                # TYPE test_http_requests_total counter
                test_http_requests_total{route="/api/events",code="202"} 2.5
                test_http_requests_total{route="/healthz",code="200"} 3
                # HELP test_label_values Tricky label values.
                # TYPE test_label_values gauge
                test_label_values{value="\"quoted\""} 2
                test_label_values{value="Björn 佖佥\#ttab"} -0.5
                test_label_values{value="back\\slash"} 1
                test_label_values{value="new\nline"} 3
                # HELP test_queue_depth Jobs waiting.\nSecond line with a \\ backslash and "quotes".
                # TYPE test_queue_depth gauge
                test_queue_depth 42

                """#)
    }

    @Test func openMetricsFormat() {
        var buffer: [UInt8] = []
        OpenMetricsFormat.render(Self.sampleRegistry().snapshot(), into: &buffer)
        #expect(
            String(decoding: buffer, as: UTF8.self) == #"""
                # HELP commswatch_metric_series_overflow Lookups of new label sets folded into a metric's __overflow__ series at its series limit.
                # TYPE commswatch_metric_series_overflow counter
                commswatch_metric_series_overflow_total{metric="test_batch_size"} 0
                commswatch_metric_series_overflow_total{metric="test_delivery_latency_seconds"} 0
                commswatch_metric_series_overflow_total{metric="test_http_requests_total"} 0
                commswatch_metric_series_overflow_total{metric="test_label_values"} 0
                commswatch_metric_series_overflow_total{metric="test_queue_depth"} 0
                # HELP test_batch_size Events per batch.
                # TYPE test_batch_size histogram
                test_batch_size_bucket{le="1.0"} 1
                test_batch_size_bucket{le="100000.0"} 2
                test_batch_size_bucket{le="1e+06"} 2
                test_batch_size_bucket{le="+Inf"} 2
                test_batch_size_sum 51
                test_batch_size_count 2
                # HELP test_delivery_latency_seconds Delivery latency.
                # TYPE test_delivery_latency_seconds histogram
                test_delivery_latency_seconds_bucket{channel="poll",le="0.005"} 1
                test_delivery_latency_seconds_bucket{channel="poll",le="0.5"} 1
                test_delivery_latency_seconds_bucket{channel="poll",le="1.0"} 1
                test_delivery_latency_seconds_bucket{channel="poll",le="10.0"} 2
                test_delivery_latency_seconds_bucket{channel="poll",le="+Inf"} 2
                test_delivery_latency_seconds_sum{channel="poll"} 2.00390625
                test_delivery_latency_seconds_count{channel="poll"} 2
                test_delivery_latency_seconds_bucket{channel="ws",le="0.005"} 0
                test_delivery_latency_seconds_bucket{channel="ws",le="0.5"} 2
                test_delivery_latency_seconds_bucket{channel="ws",le="1.0"} 3
                test_delivery_latency_seconds_bucket{channel="ws",le="10.0"} 3
                test_delivery_latency_seconds_bucket{channel="ws",le="+Inf"} 4
                test_delivery_latency_seconds_sum{channel="ws"} 21.75
                test_delivery_latency_seconds_count{channel="ws"} 4
                # HELP test_http_requests HTTP requests by route and status.
                # TYPE test_http_requests counter
                test_http_requests_total{route="/api/events",code="202"} 2.5
                test_http_requests_total{route="/healthz",code="200"} 3
                # HELP test_label_values Tricky label values.
                # TYPE test_label_values gauge
                test_label_values{value="\"quoted\""} 2
                test_label_values{value="Björn 佖佥\#ttab"} -0.5
                test_label_values{value="back\\slash"} 1
                test_label_values{value="new\nline"} 3
                # HELP test_queue_depth Jobs waiting.\nSecond line with a \\ backslash and \"quotes\".
                # TYPE test_queue_depth gauge
                test_queue_depth 42
                # EOF

                """#)
    }

    @Test func registryWithoutMetrics() {
        var text: [UInt8] = []
        var openMetrics: [UInt8] = []
        ExpositionFormat.text.render(MetricRegistry().snapshot(), into: &text)
        ExpositionFormat.openMetrics.render(MetricRegistry().snapshot(), into: &openMetrics)
        #expect(text.isEmpty)
        #expect(String(decoding: openMetrics, as: UTF8.self) == "# EOF\n")
    }

    @Test func overflowSeriesAndItsCounter() {
        let registry = MetricRegistry(seriesLimit: 2)
        let drops = registry.counter(name: "test_drops_total", help: "Drops.", labelNames: ["reason"])
        for reason in ["a", "b", "c", "d"] { drops.labels(reason).increment() }
        var buffer = Array("existing bytes stay\n".utf8)
        ExpositionFormat.text.render(registry.snapshot(), into: &buffer)
        #expect(
            String(decoding: buffer, as: UTF8.self) == #"""
                existing bytes stay
                # HELP commswatch_metric_series_overflow_total Lookups of new label sets folded into a metric's __overflow__ series at its series limit.
                # TYPE commswatch_metric_series_overflow_total counter
                commswatch_metric_series_overflow_total{metric="test_drops_total"} 2
                # HELP test_drops_total Drops.
                # TYPE test_drops_total counter
                test_drops_total{reason="__overflow__"} 2
                test_drops_total{reason="a"} 1
                test_drops_total{reason="b"} 1

                """#)
    }
}
