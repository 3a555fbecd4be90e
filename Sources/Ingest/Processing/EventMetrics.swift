public import MetricRegistry

/// The catalog's `MetricUpdate` rules bound to registry families once, at start-up, so applying an
/// event is index lookups, one label-set lookup and an atomic update per rule.
public final class EventMetrics: Sendable {
    private enum Target: Sendable {
        case counter(CounterFamily)
        case gauge(GaugeFamily)
        case histogram(HistogramFamily)
    }

    private enum Label: Sendable {
        case property(index: Int, fallback: String)
        case constant(String)
    }

    private enum Condition: Sendable {
        case always
        case isTrue(Int)
        case oneOf(Int, Set<String>)
        case noneOf(Int, Set<String>)
    }

    private struct Rule: Sendable {
        let target: Target
        let labels: [Label]
        /// The property whose number is added, observed or set; nil for a plain increment.
        let amount: Int?
        let condition: Condition
    }

    private let rulesByEvent: [[Rule]]
    /// Families by catalog name (without prefix), for the trackers.
    let counters: [String: CounterFamily]
    let gauges: [String: GaugeFamily]
    let histograms: [String: HistogramFamily]

    /// Registers every catalog metric in `registry` (names prefixed), except `excluded` ones that are
    /// computed elsewhere, and compiles the rules.
    public init(catalog: Catalog, registry: MetricRegistry, prefix: String = "", excluded: Set<String> = []) {
        precondition(catalog.problems().isEmpty, "inconsistent catalog: \(catalog.problems())")
        var counters: [String: CounterFamily] = [:], gauges: [String: GaugeFamily] = [:]
        var histograms: [String: HistogramFamily] = [:]
        for metric in catalog.metrics where !excluded.contains(metric.name) {
            let name = prefix + metric.name
            switch metric.kind {
            case .counter: counters[metric.name] = registry.counter(name: name, help: metric.help, labelNames: metric.labels)
            case .gauge: gauges[metric.name] = registry.gauge(name: name, help: metric.help, labelNames: metric.labels)
            case .histogram(let buckets):
                histograms[metric.name] = registry.histogram(
                    name: name, help: metric.help, labelNames: metric.labels, buckets: HistogramBuckets(buckets)
                )
            }
        }
        self.counters = counters
        self.gauges = gauges
        self.histograms = histograms
        rulesByEvent = catalog.events.map { event in
            event.updates.map { update in
                func index(_ property: String) -> Int { event.propertyIndex(property)! }
                let target: Target =
                    if let family = counters[update.metric] { .counter(family) }
                    else if let family = gauges[update.metric] { .gauge(family) }
                    else { .histogram(histograms[update.metric]!) }
                let amount: Int? =
                    switch update.action {
                    case .increment: nil
                    case .add(let property), .observe(let property), .set(let property): index(property)
                    }
                let condition: Condition =
                    switch update.condition {
                    case .always: .always
                    case .isTrue(let property): .isTrue(index(property))
                    case .oneOf(let property, let values): .oneOf(index(property), Set(values))
                    case .noneOf(let property, let values): .noneOf(index(property), Set(values))
                    }
                let labels: [Label] = update.labels.map { label in
                    switch label {
                    case .property(let property, let fallback): .property(index: index(property), fallback: fallback)
                    case .constant(let value): .constant(value)
                    }
                }
                return Rule(target: target, labels: labels, amount: amount, condition: condition)
            }
        }
    }

    /// Applies every rule of the event's catalog entry. A rule whose amount property is absent does nothing.
    public func apply(_ event: ValidatedEvent) {
        for rule in rulesByEvent[event.specIndex] where Self.holds(rule.condition, event.values) {
            var amount = 1.0
            if let index = rule.amount {
                guard let value = event.values[index]?.numericValue else { continue }
                amount = value
            }
            let labels = rule.labels.map { label in
                switch label {
                case .property(let index, let fallback): event.values[index]?.labelValue ?? fallback
                case .constant(let value): value
                }
            }
            switch rule.target {
            case .counter(let family): family.labels(values: labels).increment(by: amount)
            case .gauge(let family): family.labels(values: labels).set(amount)
            case .histogram(let family): family.labels(values: labels).observe(amount)
            }
        }
    }

    private static func holds(_ condition: Condition, _ values: [PropertyValue?]) -> Bool {
        switch condition {
        case .always: true
        case .isTrue(let index): values[index]?.isTrue ?? false
        case .oneOf(let index, let allowed): values[index].map { allowed.contains($0.labelValue) } ?? false
        case .noneOf(let index, let refused): values[index].map { !refused.contains($0.labelValue) } ?? false
        }
    }
}
