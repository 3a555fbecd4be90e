import Exposition
import Foundation
import Gzip
import MetricRegistry

/// Time to render a scrape: 10 000 counter series, and ~13 000 sample lines of histograms
/// (the shape of the Hummingbird and Go peers in ../shared/bench).
enum RenderBenchmark {
    struct Result {
        var name: String
        var lines: Int
        var bytes: Int
        var plainMilliseconds: Double
        var gzipMilliseconds: Double
    }

    /// Fills `registry` with 10 000 counter series.
    static func addCounterSeries(to registry: MetricRegistry, count: Int = 10_000) {
        let family = registry.counter(
            name: "bench_events_total", help: "Events by sender and kind.", labelNames: ["sender", "kind"]
        )
        for i in 0..<count { family.labels("sender-\(i / 100)", "kind-\(i % 100)").increment(by: Double(i)) }
    }

    /// Fills `registry` with 1 000 histogram series of 10 buckets: 13 sample lines each.
    static func addHistogramSeries(to registry: MetricRegistry, count: Int = 1_000) {
        let family = registry.histogram(
            name: "bench_delivery_latency_ms", help: "Delivery latency.", labelNames: ["channel", "region"],
            buckets: MicroBenchmarks.buckets
        )
        for i in 0..<count {
            let series = family.labels("channel-\(i / 50)", "region-\(i % 50)")
            for v in 0..<20 { series.observe(Double((i * 31 + v * 97) % 6000)) }
        }
    }

    static func measure(_ name: String, registry: MetricRegistry, rounds: Int = 50) -> Result {
        var body: [UInt8] = []
        var plain: [Double] = [], gzip: [Double] = []
        for _ in 0..<rounds {
            let start = DispatchTime.now().uptimeNanoseconds
            body.removeAll(keepingCapacity: true)
            ExpositionFormat.text.render(registry.snapshot(), into: &body)
            let rendered = DispatchTime.now().uptimeNanoseconds
            _ = Gzip.compress(body)
            let compressed = DispatchTime.now().uptimeNanoseconds
            plain.append(Double(rendered - start) / 1e6)
            gzip.append(Double(compressed - start) / 1e6)
        }
        return Result(
            name: name, lines: body.filter { $0 == UInt8(ascii: "\n") }.count, bytes: body.count,
            plainMilliseconds: median(plain), gzipMilliseconds: median(gzip)
        )
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
