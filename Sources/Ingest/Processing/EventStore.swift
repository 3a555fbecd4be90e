/// Where accepted events become durable before they count: the embedded journal by default, or
/// PostgreSQL. The pipeline acknowledges nothing the store has not taken.
public protocol EventStore: Sendable {
    /// Makes `events` durable, all or none. Returns, per event, whether it was new to the store:
    /// false means the store already held its idempotency key (stored before a restart, or by another
    /// instance sharing the store), so the event is a duplicate and must not count again.
    func store(_ events: [ValidatedEvent], receivedAt: Double) throws(EventStoreUnavailable) -> [Bool]
}

/// The store cannot take events now; nothing of the batch was stored and the sender should retry.
public struct EventStoreUnavailable: Error, Sendable, CustomStringConvertible {
    /// Machine-readable reason, answered to the sender (`journal_unavailable`, `database_unavailable`).
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
