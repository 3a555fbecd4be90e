import Foundation
import PromQL
import PrometheusModel
import Rules
import SampleStore

/// One evaluation tick of prometheus/alerts.yml over ~11 500 series with full 5-minute windows:
/// 1 000 latency histograms of 11 buckets (11 000 `_bucket` series) plus the counters and gauges
/// the other alerts read, sampled every 15 s for 20 minutes.
enum RuleBenchmark {
    struct Result {
        var series: Int
        var medianMilliseconds: Double
        var worstMilliseconds: Double
    }

    static func run(rulesPath: String, ticks: Int) throws -> Result {
        let step: Int64 = 15_000
        let history: Int64 = 20 * 60_000
        let store = SampleStore(retention: 2 * 86_400_000)
        var series = 0
        let bounds = ["25", "50", "100", "250", "500", "1000", "2000", "5000", "10000", "+Inf"]
        for index in 0..<1_000 {
            let base: [(String, String)] = [("region", "region-\(index % 20)"), ("channel", ["ws", "sse", "poll"][index % 3]),
                                            ("instance", "i-\(index / 60)")]
            for (position, le) in ([ "10" ] + bounds).enumerated() {
                let labels = Labels([("__name__", "chat_ws_delivery_latency_ms_bucket"), ("le", le)] + base)
                fill(store, labels, step: step, history: history) { Double($0) * Double(position + 1) }
                series += 1
            }
        }
        let counters = [
            "ws_reconnect_attempts_total", "chat_sessions_total", "chat_fallback_sessions_total", "chat_ws_errors_total",
            "notification_delivered_total", "notification_attempted_total", "notification_delivery_failed_total",
            "notification_job_failures_total", "notification_jobs_dropped_total",
        ]
        for name in counters {
            for index in 0..<50 {
                fill(store, Labels([("__name__", name), ("channel", "c-\(index)"), ("reason", "capacity")]), step: step, history: history) {
                    Double($0 * (index + 1))
                }
                series += 1
            }
        }
        for (name, value) in [("notification_queue_depth", 10.0), ("dispute_cases_overdue", 1.0)] {
            fill(store, Labels([("__name__", name)]), step: step, history: history) { _ in value }
            series += 1
        }

        let file = try RuleFile.load(path: rulesPath)
        let engine = Engine()
        let evaluators = file.groups.map { group in
            RuleGroupEvaluator(
                group: group, query: engineQueryFunc(engine, on: store), append: { store.append($0, $1) },
                notify: { _ in }, expand: { template, _, _ in template }
            )
        }
        var durations: [Double] = []
        for tick in 0..<ticks {
            let time = history + Int64(tick) * step
            let start = DispatchTime.now().uptimeNanoseconds
            for evaluator in evaluators { _ = evaluator.evaluate(at: time) }
            durations.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        durations.sort()
        return Result(series: series, medianMilliseconds: durations[durations.count / 2], worstMilliseconds: durations.last!)
    }

    /// Samples every `step` ms up to `history`, value from the sample index.
    private static func fill(_ store: SampleStore, _ labels: Labels, step: Int64, history: Int64, value: (Int) -> Double) {
        for (index, time) in stride(from: Int64(0), through: history, by: Int(step)).enumerated() {
            store.append(labels, Sample(timestamp: time, value: value(index)))
        }
    }
}
