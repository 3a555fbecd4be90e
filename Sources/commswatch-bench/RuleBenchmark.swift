import Foundation
import MetricRegistry
import PromQL
import PrometheusModel
import Rules
import SampleStore

/// One evaluation tick of prometheus/alerts.yml over ~11 500 series, as the service runs it: a
/// registry with 1 000 latency histograms of 10 bounds (11 000 `_bucket` series) plus the counters
/// and gauges the other alerts read is updated, then sampled into the store (untimed) before each
/// timed evaluation. Retention per metric is what the service derives from the rules, and 20 warm-up
/// ticks fill the 5-minute windows first.
enum RuleBenchmark {
    struct Result {
        var series: Int
        var medianMilliseconds: Double
        var worstMilliseconds: Double
        /// Resident-set growth from the first sample stored to the end of the run, per stored series.
        var bytesPerSeries: Double
    }

    static func run(rulesPath: String, ticks: Int) throws -> Result {
        let step: Int64 = 15_000
        let file = try RuleFile.load(path: rulesPath)
        let store = SampleStore(retention: RetentionPolicy(reading: file.groups))
        let registry = MetricRegistry(seriesLimit: 20_000)
        let update = populate(registry)

        let engine = Engine()
        let evaluators = file.groups.map { group in
            RuleGroupEvaluator(
                group: group, query: engineQueryFunc(engine, on: store), append: { store.append($0, $1) },
                notify: { _, _ in }, expand: { template, _, _ in template }
            )
        }
        let warmUp = 20
        let residentBefore = IngestBenchmark.residentBytes()
        var durations: [Double] = []
        for tick in 0..<(warmUp + ticks) {
            let time = Int64(tick) * step
            update(tick)
            store.append(registry.snapshot(), at: time)
            let start = DispatchTime.now().uptimeNanoseconds
            for evaluator in evaluators { _ = evaluator.evaluate(at: time) }
            if tick >= warmUp { durations.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        }
        let grown = Double(IngestBenchmark.residentBytes() - residentBefore)
        durations.sort()
        return Result(
            series: store.seriesCount, medianMilliseconds: durations[durations.count / 2], worstMilliseconds: durations.last!,
            bytesPerSeries: grown / Double(store.seriesCount))
    }

    /// Registers the series and returns what one tick of traffic does to them.
    private static func populate(_ registry: MetricRegistry) -> @Sendable (Int) -> Void {
        let latency = registry.histogram(
            name: "chat_ws_delivery_latency_ms", help: "Delivery latency.", labelNames: ["region", "channel", "instance"],
            buckets: [10, 25, 50, 100, 250, 500, 1000, 2000, 5000, 10000])
        let histograms = (0..<1_000).map { index in
            latency.labels("region-\(index % 20)", ["ws", "sse", "poll"][index % 3], "i-\(index / 60)")
        }
        let counterNames = [
            "ws_reconnect_attempts_total", "chat_sessions_total", "chat_fallback_sessions_total", "chat_ws_errors_total",
            "notification_delivered_total", "notification_attempted_total", "notification_delivery_failed_total",
            "notification_job_failures_total", "notification_jobs_dropped_total",
        ]
        let counters = counterNames.flatMap { name in
            let family = registry.counter(name: name, help: "Synthetic.", labelNames: ["channel", "reason"])
            return (0..<50).map { family.labels("c-\($0)", "capacity") }
        }
        registry.gauge(name: "notification_queue_depth", help: "Synthetic.").labels().set(10)
        registry.gauge(name: "dispute_cases_overdue", help: "Synthetic.").labels().set(1)
        return { tick in
            for (index, histogram) in histograms.enumerated() { histogram.observe(Double((index * 37 + tick * 101) % 3_000)) }
            for (index, counter) in counters.enumerated() { counter.increment(by: Double(index % 7 + 1)) }
        }
    }
}
