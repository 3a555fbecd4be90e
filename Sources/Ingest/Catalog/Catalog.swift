/// The event and metric catalog of SPEC.md as data: every event commswatch accepts, every metric
/// it derives, and the rules between them. Code, `commswatch catalog`, docs/EVENTS.md and the
/// Grafana dashboards are generated from this one place.
public struct Catalog: Sendable {
    public var events: [EventSpec]
    public var metrics: [MetricSpec]

    public init(events: [EventSpec], metrics: [MetricSpec]) {
        self.events = events
        self.metrics = metrics
    }

    /// The product's catalog.
    public static let standard = Catalog(
        events: chatEvents + disputeEvents + notificationEvents,
        metrics: chatMetrics + disputeMetrics + notificationMetrics
    )

    public func event(named name: String) -> EventSpec? {
        events.first { $0.name == name }
    }

    public func metric(named name: String) -> MetricSpec? {
        metrics.first { $0.name == name }
    }

    /// Everything that would make the catalog inconsistent: updates naming unknown metrics or
    /// properties, label counts that differ from the metric's, actions that do not fit the type.
    public func problems() -> [String] {
        var problems: [String] = []
        let metricsByName = Dictionary(metrics.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        if metricsByName.count != metrics.count { problems.append("a metric name is listed twice") }
        for event in events {
            let names = Set(event.properties.map(\.name))
            if names.count != event.properties.count { problems.append("\(event.name): a property is listed twice") }
            for update in event.updates {
                guard let metric = metricsByName[update.metric] else {
                    problems.append("\(event.name): unknown metric \(update.metric)")
                    continue
                }
                if update.labels.count != metric.labels.count {
                    problems.append("\(event.name) → \(metric.name): \(update.labels.count) label values for \(metric.labels)")
                }
                for property in update.propertiesRead where !names.contains(property) {
                    problems.append("\(event.name) → \(metric.name): unknown property \(property)")
                }
                switch (update.action, metric.kind) {
                case (.increment, .counter), (.add, .counter), (.observe, .histogram), (.set, .gauge): break
                default: problems.append("\(event.name) → \(metric.name): \(update.action) does not fit a \(metric.typeName)")
                }
            }
        }
        return problems
    }
}
