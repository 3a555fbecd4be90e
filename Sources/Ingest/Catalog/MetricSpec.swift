/// A metric commswatch exposes: name, type, help and labels, with where its data comes from.
/// Exposition, docs and dashboards all read these, so names cannot drift apart.
public struct MetricSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        case counter
        case gauge
        case histogram(buckets: [Double])
    }

    public var name: String
    public var kind: Kind
    public var help: String
    public var labels: [String]
    /// The events that feed it, in words, for the docs.
    public var source: String

    public init(_ name: String, _ kind: Kind, help: String, labels: [String] = [], source: String) {
        self.name = name
        self.kind = kind
        self.help = help
        self.labels = labels
        self.source = source
    }

    public var typeName: String {
        switch kind {
        case .counter: "counter"
        case .gauge: "gauge"
        case .histogram: "histogram"
        }
    }
}
