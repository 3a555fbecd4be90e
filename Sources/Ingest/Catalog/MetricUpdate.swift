/// A declarative rule: when an event arrives (and the condition holds), update this metric with
/// label values taken from the event. The catalog lists these; nothing else decides what an event does
/// to a metric, except the two trackers whose state cannot be written this way.
public struct MetricUpdate: Sendable {
    public enum Action: Sendable {
        case increment
        /// Add the property's numeric value (counters).
        case add(String)
        /// Observe the property's numeric value (histograms).
        case observe(String)
        /// Set the gauge to the property's numeric value.
        case set(String)
    }

    public enum LabelValue: Sendable {
        /// The property's value; `fallback` when the event does not carry it.
        case property(String, fallback: String)
        case constant(String)
    }

    public enum Condition: Sendable {
        case always
        /// The boolean property is present and true.
        case isTrue(String)
        /// The property is present and its (string) value is one of these.
        case oneOf(String, [String])
        /// The property is present and its value is none of these.
        case noneOf(String, [String])
    }

    public var metric: String
    /// One per label of the metric, in the metric's label order.
    public var labels: [LabelValue]
    public var action: Action
    public var condition: Condition

    public init(_ metric: String, labels: [LabelValue] = [], _ action: Action = .increment, when condition: Condition = .always) {
        self.metric = metric
        self.labels = labels
        self.action = action
        self.condition = condition
    }

    /// Every property this update reads, for catalog validation.
    var propertiesRead: [String] {
        var names: [String] = labels.compactMap { if case .property(let name, _) = $0 { name } else { nil } }
        switch action {
        case .increment: break
        case .add(let name), .observe(let name), .set(let name): names.append(name)
        }
        switch condition {
        case .always: break
        case .isTrue(let name), .oneOf(let name, _), .noneOf(let name, _): names.append(name)
        }
        return names
    }
}

extension MetricUpdate.LabelValue {
    /// The value of `property`, or `fallback` when the event does not carry it.
    public static func label(_ property: String, fallback: String = "unknown") -> Self {
        .property(property, fallback: fallback)
    }
}
