public import MetricRegistry

/// What happens to a validated event: the idempotency check, then (once the journal holds it) the
/// metric rules and trackers — in that order, so a duplicate changes nothing at all.
public final class EventProcessor: Sendable {
    public let catalog: Catalog
    public let metrics: EventMetrics
    public let connections: ConnectionTracker
    public let disputes: DisputeTracker
    public let analytics: ProductAnalytics
    /// Internal for state snapshots (Snapshot/).
    let window: IdempotencyWindow
    private let now: @Sendable () -> Double
    /// For each event, how to find its idempotency id among its properties.
    private let naturalIDs: [NaturalIDRule]

    public init(
        catalog: Catalog = .standard, registry: MetricRegistry, prefix: String = "", window: IdempotencyWindow,
        now: @escaping @Sendable () -> Double
    ) {
        self.catalog = catalog
        self.window = window
        self.now = now
        metrics = EventMetrics(
            catalog: catalog, registry: registry, prefix: prefix, excluded: Set(DisputeTracker.metricNames)
        )
        connections = ConnectionTracker(gauge: metrics.gauges["chat_ws_active_connections"]!)
        disputes = DisputeTracker(catalog: catalog, prefix: prefix, now: now)
        registry.register(collector: disputes)
        analytics = ProductAnalytics(catalog: catalog, prefix: prefix, now: now)
        registry.register(collector: analytics)
        naturalIDs = catalog.events.map { NaturalIDRule($0) }
    }

    /// The current time on the processor's clock, in seconds since the epoch.
    public func currentTime() -> Double { now() }

    /// The idempotency key of `event`: `name:event_id`, or `name:` plus its natural id; nil when it has none.
    public func idempotencyKey(of event: ValidatedEvent) -> String? {
        withIdempotencyKey(of: event) { String(decoding: $0, as: UTF8.self) }
    }

    /// Takes the event's idempotency key; false when it was taken before (a duplicate).
    public func admit(_ event: ValidatedEvent, now: Double) -> Bool {
        withIdempotencyKey(of: event, { window.insert(utf8: $0, now: now) }) != false
    }

    /// Gives back the key of an admitted event that could not be made durable, so a retry is new.
    public func release(_ event: ValidatedEvent) {
        if let key = idempotencyKey(of: event) { window.remove(key) }
    }

    /// Applies an admitted event to the metrics, trackers and product analytics.
    public func apply(_ event: ValidatedEvent) {
        metrics.apply(event)
        track(event)
        analytics.apply(event)
    }

    /// Applies an event read back from the journal, retaking its idempotency key as of when it was
    /// received. It is applied even if the key was taken: the journal only holds counted events.
    public func replay(_ event: ValidatedEvent, receivedAt: Double) {
        _ = admit(event, now: receivedAt)
        apply(event)
    }

    /// Calls `body` with the UTF-8 bytes of the event's idempotency key, built on the stack; nil when
    /// the event has no key (samples without an id are never deduplicated).
    private func withIdempotencyKey<Result>(of event: ValidatedEvent, _ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        let id: String
        if let eventID = event.eventID {
            id = eventID
        } else if let natural = naturalIDs[event.specIndex].id(of: event) {
            id = natural
        } else {
            return nil
        }
        let nameCount = event.name.utf8.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: nameCount + 1 + id.utf8.count) { buffer in
            _ = buffer.initialize(fromContentsOf: event.name.utf8)
            buffer[nameCount] = UInt8(ascii: ":")
            _ = UnsafeMutableBufferPointer(rebasing: buffer[(nameCount + 1)...]).initialize(fromContentsOf: id.utf8)
            return body(UnsafeRawBufferPointer(buffer))
        }
    }

    private func track(_ event: ValidatedEvent) {
        let spec = catalog.events[event.specIndex]
        guard !spec.trackers.isEmpty else { return }
        func string(_ name: String) -> String? { spec.propertyIndex(name).flatMap { event.values[$0]?.labelValue } }
        func number(_ name: String) -> Double? { spec.propertyIndex(name).flatMap { event.values[$0]?.numericValue } }
        switch spec.name {
        case "ws_connection_opened":
            connections.opened(client: string("client_id")!, region: string("connection_region")!, at: event.timestamp)
        case "ws_connection_closed":
            connections.closed(client: string("client_id")!, at: event.timestamp)
        case "dispute_opened":
            disputes.opened(
                dispute: string("dispute_id")!, owner: string("owner"), slaRemaining: number("sla_remaining_sec"),
                at: event.timestamp
            )
        case "dispute_state_updated":
            disputes.stateUpdated(
                dispute: string("dispute_id")!, owner: string("owner"), slaRemaining: number("sla_remaining_sec")!,
                at: event.timestamp
            )
        case "dispute_resolved":
            let openedAt = disputes.resolved(dispute: string("dispute_id")!, at: event.timestamp)
            if number("resolution_time_sec") == nil, let openedAt, event.timestamp >= openedAt {
                metrics.histograms["dispute_resolution_time_seconds"]!.labels(string("resolution")!)
                    .observe(event.timestamp - openedAt)
            }
        default:
            preconditionFailure("\(spec.name) names trackers \(spec.trackers) that have no handler")
        }
    }
}

/// Reads the natural id of one kind of event, per `EventSpec.NaturalID`.
struct NaturalIDRule: Sendable {
    private enum Rule: Sendable {
        case properties([Int])
        case firstPresent([Int])
        case withSentTimestamp(Int)
        case none
    }

    private let rule: Rule

    init(_ spec: EventSpec) {
        func index(_ name: String) -> Int { spec.propertyIndex(name)! }
        rule =
            switch spec.naturalID {
            case .property(let name), .optionalProperty(let name): .properties([index(name)])
            case .properties(let names): .properties(names.map(index))
            case .firstPresent(let names): .firstPresent(names.map(index))
            case .propertyAndSentTimestamp(let name): .withSentTimestamp(index(name))
            case .none: .none
            }
    }

    func id(of event: ValidatedEvent) -> String? {
        switch rule {
        case .properties(let indices):
            if indices.count == 1 { return event.values[indices[0]]?.labelValue }
            var parts: [String] = []
            for index in indices {
                guard let value = event.values[index] else { return nil }
                parts.append(value.labelValue)
            }
            return parts.joined(separator: ":")
        case .firstPresent(let indices):
            return indices.lazy.compactMap { event.values[$0]?.labelValue }.first
        case .withSentTimestamp(let index):
            guard event.timestampWasSent, let value = event.values[index] else { return nil }
            return value.labelValue + ":" + EventTimestamp.format(event.timestamp)
        case .none:
            return nil
        }
    }
}
