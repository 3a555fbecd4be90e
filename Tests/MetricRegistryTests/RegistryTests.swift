import MetricRegistry
import PrometheusModel
import Testing

struct RegistryTests {
    @Test func reRegisteringTheSameMetricReturnsTheExistingFamily() {
        let registry = MetricRegistry()
        let first = registry.counter(name: "test_sent_total", help: "Sent.", labelNames: ["channel"])
        let second = registry.counter(name: "test_sent_total", help: "Sent.", labelNames: ["channel"])
        #expect(first === second)
        let histogram = registry.histogram(name: "test_delay_seconds", help: "d", buckets: [1, 2])
        #expect(histogram === registry.histogram(name: "test_delay_seconds", help: "d", buckets: [1, 2]))
    }

    @Test func conflictingRegistrationsAreProgrammerErrors() async {
        await #expect(processExitsWith: .failure) {
            let registry = MetricRegistry()
            _ = registry.counter(name: "test_sent_total", help: "Sent.", labelNames: ["channel"])
            _ = registry.counter(name: "test_sent_total", help: "Sent.", labelNames: ["route"])
        }
        await #expect(processExitsWith: .failure) {
            let registry = MetricRegistry()
            _ = registry.counter(name: "test_sent_total", help: "Sent.")
            _ = registry.gauge(name: "test_sent_total", help: "Sent.")
        }
        await #expect(processExitsWith: .failure) {
            let registry = MetricRegistry()
            _ = registry.histogram(name: "test_delay", help: "d")
            _ = registry.gauge(name: "test_delay_count", help: "clashes with the histogram's _count")
        }
        await #expect(processExitsWith: .failure) {
            _ = MetricRegistry().counter(name: "test_sent", help: "counters must end in _total")
        }
        await #expect(processExitsWith: .failure) {
            _ = MetricRegistry().gauge(name: "test-dash", help: "invalid name")
        }
        await #expect(processExitsWith: .failure) {
            _ = MetricRegistry().gauge(name: "test_g", help: "reserved label", labelNames: ["__name__"])
        }
        await #expect(processExitsWith: .failure) {
            _ = MetricRegistry().histogram(name: "test_h", help: "le is the bucket label", labelNames: ["le"])
        }
        await #expect(processExitsWith: .failure) {
            _ = MetricRegistry().gauge(name: "test_g", help: "")
        }
        await #expect(processExitsWith: .failure) {
            let registry = MetricRegistry()
            registry.register(collector: ProcessCollector())
            _ = registry.gauge(name: "process_open_fds", help: "taken by the collector")
        }
    }

    @Test func snapshotsAreSortedByNameAndLabelValues() {
        let registry = MetricRegistry()
        let zeta = registry.gauge(name: "test_zeta", help: "z", labelNames: ["a", "b"])
        let alpha = registry.counter(name: "test_alpha_total", help: "a")
        zeta.labels("y", "1").set(1)
        zeta.labels("x", "2").set(2)
        zeta.labels("x", "10").set(3)
        zeta.labels("", "z").set(4)
        alpha.labels().increment()
        _ = registry.histogram(name: "test_empty_seconds", help: "no series yet", labelNames: ["k"])
        let families = registry.snapshot().withoutOverflowCounters
        #expect(families.map(\.name) == ["test_alpha_total", "test_zeta"])
        #expect(families[1].series.map(\.labels.values) == [["", "z"], ["x", "10"], ["x", "2"], ["y", "1"]])
        #expect(families[1].type == .gauge)
        #expect(families[1].labelNames == ["a", "b"])
    }

    @Test func unlabelledMetricsAreExposedFromRegistration() {
        let registry = MetricRegistry()
        _ = registry.gauge(name: "test_depth", help: "d")
        let families = registry.snapshot().withoutOverflowCounters
        #expect(families.map(\.name) == ["test_depth"])
        #expect(families.first?.series.first?.value == .scalar(0))
    }

    @Test func newLabelSetsBeyondTheLimitFoldIntoTheOverflowSeries() {
        let registry = MetricRegistry(seriesLimit: 3)
        let failures = registry.counter(name: "test_failures_total", help: "f", labelNames: ["code", "channel"])
        for code in ["a", "b", "c", "d", "e"] {
            failures.labels(code, "push").increment()
        }
        failures.labels("a", "push").increment()  // existing series still resolve to themselves
        failures.labels("d", "push").increment()  // a folded label set keeps folding
        let overflow = failures.labels("zzz", "push")
        #expect(overflow.labels.values == ["__overflow__", "__overflow__"])

        let families = registry.snapshot()
        #expect(families.map(\.name) == ["commswatch_metric_series_overflow_total", "test_failures_total"])
        let series = families[1].series
        #expect(
            series.map(\.labels.values) == [
                ["__overflow__", "__overflow__"], ["a", "push"], ["b", "push"], ["c", "push"],
            ])
        #expect(series.map(\.value) == [.scalar(3), .scalar(2), .scalar(1), .scalar(1)])
        #expect(families[0].series.map(\.labels.values) == [["test_failures_total"]])
        #expect(families[0].series.first?.value == .scalar(4))
    }

    @Test func theLiteralOverflowLabelSetIsTheOverflowSeries() {
        let registry = MetricRegistry(seriesLimit: 5)
        let family = registry.gauge(name: "test_g", help: "g", labelNames: ["k"])
        family.labels("a").set(1)
        let literal = family.labels("__overflow__")
        literal.set(7)
        family.labels("b").set(2)  // the family is not full: new label sets still get series
        let families = registry.snapshot().withoutOverflowCounters
        #expect(families.map(\.name) == ["test_g"])
        #expect(families.first?.series.map(\.labels.values) == [["__overflow__"], ["a"], ["b"]])
        #expect(families.first?.series.first?.value == .scalar(7))
    }

    @Test func everyFamilyHasAnOverflowCounterFromRegistration() {
        let registry = MetricRegistry()
        _ = registry.counter(name: "test_b_total", help: "b", labelNames: ["k"])
        _ = registry.histogram(name: "test_a_seconds", help: "a")
        let overflow = registry.snapshot().first { $0.name == MetricRegistry.overflowMetricName }
        #expect(overflow?.type == .counter)
        #expect(overflow?.labelNames == ["metric"])
        #expect(overflow?.series.map(\.labels.values) == [["test_a_seconds"], ["test_b_total"]])
        #expect(overflow?.series.map(\.value) == [.scalar(0), .scalar(0)])
    }

    @Test func theOverflowCounterNeverFoldsItself() {
        let registry = MetricRegistry(seriesLimit: 1)
        for index in 0..<4 {
            let family = registry.gauge(name: "test_g\(index)", help: "g", labelNames: ["k"])
            family.labels("first").set(1)
            family.labels("second").set(2)
        }
        let overflow = registry.snapshot().first { $0.name == MetricRegistry.overflowMetricName }
        #expect(overflow?.series.map(\.labels.values) == [["test_g0"], ["test_g1"], ["test_g2"], ["test_g3"]])
        #expect(overflow?.series.allSatisfy { $0.value == .scalar(1) } == true)
    }

    @Test func collectorsJoinTheSnapshotInNameOrder() {
        struct Fixed: MetricCollector {
            func collect() -> [MetricFamilySnapshot] {
                [
                    MetricFamilySnapshot(
                        name: "test_m_gauge",
                        help: "m",
                        type: .gauge,
                        labelNames: ["k"],
                        samples: [(["b"], 2), (["a"], 1)]
                    )
                ]
            }
        }
        let registry = MetricRegistry()
        registry.counter(name: "test_z_total", help: "z").labels().increment()
        registry.gauge(name: "test_a", help: "a").labels().set(1)
        registry.register(collector: Fixed())
        let families = registry.snapshot().withoutOverflowCounters
        #expect(families.map(\.name) == ["test_a", "test_m_gauge", "test_z_total"])
        #expect(families[1].series.map(\.labels.values) == [["a"], ["b"]])
    }

    @Test func manySeriesAreAllFoundAfterTheTableGrows() {
        let registry = MetricRegistry(seriesLimit: 20_000)
        let family = registry.counter(name: "test_many_total", help: "m", labelNames: ["id"])
        let created = (0..<10_000).map { family.labels("series-\($0)") }
        for (index, series) in created.enumerated() {
            #expect(family.labels("series-\(index)") === series)
        }
        #expect(registry.snapshot().first { $0.name == "test_many_total" }?.series.count == 10_000)
    }
}

extension [MetricFamilySnapshot] {
    /// The snapshot without the registry's own overflow counters, for tests about other families.
    var withoutOverflowCounters: [MetricFamilySnapshot] {
        filter { $0.name != MetricRegistry.overflowMetricName }
    }
}
