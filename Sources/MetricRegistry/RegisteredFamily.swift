/// What the registry keeps of each family: its descriptor and how to snapshot it.
protocol RegisteredFamily: Sendable {
    var descriptor: MetricDescriptor { get }
    /// The family's current state, or nil while it has no series (families appear with their
    /// first series, as client_golang's vectors do).
    func snapshot() -> MetricFamilySnapshot?
}

extension RegisteredFamily {
    func snapshot<Series: LabeledSeries>(
        of core: MetricFamily<Series>,
        value: (Series) -> SeriesValue
    ) -> MetricFamilySnapshot? {
        let series = core.allSeries
        guard !series.isEmpty else { return nil }
        return MetricFamilySnapshot(
            descriptor: descriptor,
            series: series.map { SeriesSnapshot(labels: $0.labels, value: value($0)) }
        )
    }
}

extension CounterFamily: RegisteredFamily {
    var descriptor: MetricDescriptor { core.descriptor }

    func snapshot() -> MetricFamilySnapshot? {
        snapshot(of: core) { .scalar($0.value) }
    }
}

extension GaugeFamily: RegisteredFamily {
    var descriptor: MetricDescriptor { core.descriptor }

    func snapshot() -> MetricFamilySnapshot? {
        snapshot(of: core) { .scalar($0.value) }
    }
}

extension HistogramFamily: RegisteredFamily {
    var descriptor: MetricDescriptor { core.descriptor }

    func snapshot() -> MetricFamilySnapshot? {
        snapshot(of: core) { .histogram($0.snapshot()) }
    }
}
