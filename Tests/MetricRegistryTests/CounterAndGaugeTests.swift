import Dispatch
import MetricRegistry
import Testing

struct CounterAndGaugeTests {
    @Test func concurrentIncrementsOnOneSeriesAreExact() {
        let registry = MetricRegistry()
        let requests = registry.counter(name: "test_requests_total", help: "Requests.", labelNames: ["route"])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<50_000 {
                requests.labels("/healthz").increment()
            }
        }
        #expect(requests.labels("/healthz").value == 400_000)
    }

    @Test func concurrentlyCreatedLabelSetsAreExactAndUnique() {
        let registry = MetricRegistry()
        let events = registry.counter(name: "test_events_total", help: "Events.", labelNames: ["kind", "shard"])
        // Every thread walks the same 500 label sets, so creation, table growth and lookups race.
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for round in 0..<20 {
                for index in 0..<500 {
                    let offset = (index + thread * 61 + round * 7) % 500
                    events.labels("kind\(offset % 7)", "shard\(offset)").increment()
                }
            }
        }
        let family = registry.snapshot().first { $0.name == "test_events_total" }
        #expect(family?.series.count == 500)
        #expect(family?.series.allSatisfy { $0.value == .scalar(160) } == true)
        #expect(Set(family?.series.map(\.labels.values) ?? []).count == 500)
    }

    @Test func fractionalIncrementsAddUp() {
        let registry = MetricRegistry()
        let seconds = registry.counter(name: "test_busy_seconds_total", help: "Busy time.")
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<10_000 {
                seconds.labels().increment(by: 0.25)
                seconds.labels().increment(by: 2)
            }
        }
        #expect(seconds.labels().value == 4 * 10_000 * 2.25)
    }

    @Test func negativeIncrementIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            MetricRegistry().counter(name: "test_total", help: "x").labels().increment(by: -1)
        }
    }

    @Test func gaugesSetAndAddConcurrently() {
        let registry = MetricRegistry()
        let depth = registry.gauge(name: "test_queue_depth", help: "Depth.", labelNames: ["queue"])
        depth.labels("a").set(10)
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for _ in 0..<10_000 {
                if thread % 2 == 0 {
                    depth.labels("a").add(1.5)
                } else {
                    depth.labels("a").decrement()
                }
            }
        }
        let expected: Double = 10 + 2 * 10_000 * 1.5 - 2 * 10_000
        #expect(depth.labels("a").value == expected)
        depth.labels("b").set(-3.25)
        #expect(depth.labels("b").value == -3.25)
    }

    @Test func wrongLabelCountIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            _ = MetricRegistry().counter(name: "test_total", help: "x", labelNames: ["a", "b"]).labels("only-one")
        }
    }

    @Test func seriesKeepTheirPreRenderedSampleName() {
        let registry = MetricRegistry()
        let family = registry.counter(name: "test_http_total", help: "x", labelNames: ["route", "code"])
        let series = family.labels("/say \"hi\"\\\n", "200")
        #expect(
            String(decoding: series.labels.rendered, as: UTF8.self)
                == #"test_http_total{route="/say \"hi\"\\\n",code="200"}"#)
        #expect(series.labels.nameLength == "test_http_total".utf8.count)
        #expect(series.labels.values == ["/say \"hi\"\\\n", "200"])
        #expect(family.labels("/say \"hi\"\\\n", "200") === series)
    }
}
