import MetricRegistry
import PromQL
import PrometheusModel
import SampleStore
import Testing

struct SampleStoreTests {
    @Test func registrySnapshotsBecomeSeriesNamedAsTheExpositionNamesThem() {
        let registry = MetricRegistry()
        registry.counter(name: "events_total", help: "Events.", labelNames: ["kind"]).labels("a").increment(by: 3)
        let latency = registry.histogram(name: "latency_ms", help: "Latency.", labelNames: ["region"], buckets: [0.5, 10])
        latency.labels("eu").observe(0.25)
        latency.labels("eu").observe(7)
        latency.labels("eu").observe(70)
        let store = SampleStore(retention: 3_600_000)
        store.append(registry.snapshot(), at: 15_000)

        func value(_ name: String, _ labels: [(String, String)]) -> Double? {
            let wanted = Labels([("__name__", name)] + labels)
            return store.select(name: name, in: 0...60_000) { $0 == wanted }.first?.samples.last?.value
        }
        #expect(value("events_total", [("kind", "a")]) == 3)
        #expect(value("latency_ms_bucket", [("region", "eu"), ("le", "0.5")]) == 1)
        #expect(value("latency_ms_bucket", [("region", "eu"), ("le", "10")]) == 2)
        #expect(value("latency_ms_bucket", [("region", "eu"), ("le", "+Inf")]) == 3)
        #expect(value("latency_ms_sum", [("region", "eu")]) == 77.25)
        #expect(value("latency_ms_count", [("region", "eu")]) == 3)
    }

    @Test func vanishedSeriesGetAStalenessMarkerAndExpiredOnesAreForgotten() {
        let registry = MetricRegistry()
        let gauge = registry.gauge(name: "depth", help: "Depth.")
        gauge.labels().set(5)
        let store = SampleStore(retention: 60_000)
        store.append(registry.snapshot(), at: 0)
        store.append([], at: 15_000)
        let history = store.select(name: "depth", in: 0...15_000) { _ in true }
        #expect(history.count == 1)
        #expect(history[0].samples.count == 2)
        #expect(history[0].samples.first == Sample(timestamp: 0, value: 5))
        #expect(history[0].samples.last?.isStaleMarker == true)
        #expect(history[0].samples.last?.timestamp == 15_000)
        store.append([], at: 200_000)
        #expect(store.seriesCount == 0)
        #expect(store.select(name: "depth", in: 0...200_000) { _ in true }.isEmpty)
    }

    @Test func rangesAreInclusiveAndSamplesKeepTimeOrder() {
        let store = SampleStore(retention: 1_000_000)
        let labels = Labels([("__name__", "ALERTS"), ("alertname", "X")])
        for t in stride(from: Int64(0), through: 100_000, by: 10_000) {
            store.append(labels, Sample(timestamp: t, value: Double(t / 1000)))
        }
        store.append(labels, Sample(timestamp: 50_000, value: 999))
        let window = store.select(name: "ALERTS", in: 20_000...50_000) { _ in true }
        #expect(window.first?.samples.map(\.timestamp) == [20_000, 30_000, 40_000, 50_000])
        #expect(window.first?.samples.last?.value == 50, "an out-of-order sample is not written")
        let unnamed = store.select(name: nil, in: 0...5_000) { $0["alertname"] == "X" }
        #expect(unnamed.first?.samples == [Sample(timestamp: 0, value: 0)])
    }

    @Test func eachMetricKeepsItsOwnRetention() {
        let registry = MetricRegistry()
        registry.gauge(name: "short", help: "Short.").labels().set(1)
        registry.gauge(name: "long", help: "Long.").labels().set(2)
        let store = SampleStore(retention: RetentionPolicy(minimum: 60_000, byName: ["long": 600_000]))
        for time in stride(from: Int64(0), through: 900_000, by: 15_000) { store.append(registry.snapshot(), at: time) }
        let short = store.select(name: "short", in: 0...900_000) { _ in true }
        let long = store.select(name: "long", in: 0...900_000) { _ in true }
        #expect(short.first?.samples.first?.timestamp == 840_000)
        #expect(long.first?.samples.first?.timestamp == 300_000)
    }

    @Test func seriesAreVisitedInLabelsOrderWhateverTheirArrival() {
        let store = SampleStore(retention: 3_600_000)
        for instance in ["c", "a", "b"] {
            store.append(["__name__": "up", "instance": instance], Sample(timestamp: 0, value: 1))
        }
        store.append(["__name__": "down", "instance": "z"], Sample(timestamp: 0, value: 1))
        #expect(store.select(name: "up", in: 0...0) { _ in true }.map { $0.labels["instance"] } == ["a", "b", "c"])
        #expect(store.select(name: nil, in: 0...0) { _ in true }.map { $0.labels["instance"] } == ["z", "a", "b", "c"])
    }
}
