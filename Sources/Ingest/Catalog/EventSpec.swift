/// One event of the catalog: what it must and may carry, how its idempotency key is formed,
/// and which metrics it feeds.
public struct EventSpec: Sendable {
    /// Where the natural id of an event without `event_id` comes from (SPEC.md, "natural id").
    public enum NaturalID: Sendable {
        /// One property's value.
        case property(String)
        /// Several properties' values joined with `:`; all are required.
        case properties([String])
        /// The first of these properties the event carries.
        case firstPresent([String])
        /// A property plus the event's `timestamp`, only when the sender gave one.
        case propertyAndSentTimestamp(String)
        /// The property when present; otherwise the event has no id and is never deduplicated.
        case optionalProperty(String)
        /// Samples: never deduplicated.
        case none
    }

    /// State kept across events that some metrics need.
    public enum Tracker: String, Sendable {
        /// Open WebSocket connections per `client_id`, for `chat_ws_active_connections`.
        case connections
        /// Open disputes with owner and SLA deadline, for the dispute gauges.
        case disputes
    }

    public var name: String
    public var summary: String
    public var required: [PropertySpec]
    public var optional: [PropertySpec]
    /// Groups of properties of which at least one must be present (e.g. `thread_id` or `contract_id`).
    public var requiredOneOf: [[String]]
    public var naturalID: NaturalID
    public var updates: [MetricUpdate]
    public var trackers: [Tracker]

    public init(
        _ name: String, summary: String, required: [PropertySpec], optional: [PropertySpec] = [],
        requiredOneOf: [[String]] = [], naturalID: NaturalID, updates: [MetricUpdate], trackers: [Tracker] = []
    ) {
        self.name = name
        self.summary = summary
        self.required = required
        self.optional = optional
        self.requiredOneOf = requiredOneOf
        self.naturalID = naturalID
        self.updates = updates
        self.trackers = trackers
    }

    /// Required properties first, then optional ones; validation and mapping address properties by
    /// their index in this list.
    public var properties: [PropertySpec] { required + optional }

    public func propertyIndex(_ name: String) -> Int? {
        properties.firstIndex { $0.name == name }
    }
}
