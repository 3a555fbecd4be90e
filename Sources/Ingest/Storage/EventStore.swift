/// Where accepted events become durable before they count, and where a restart finds them again.
/// The pipeline writes through this port and acknowledges nothing the store has not taken; each
/// store lives in a module of its own (JournalStore, the embedded default; PostgresStore with
/// `DATABASE_URL`), and the application chooses one.
public protocol EventStore: Sendable {
    /// Makes `events` durable, all or none, and then calls `completion` (on the store's own thread,
    /// or at once when it cannot take them) with, per event, whether it was new to the store: false
    /// means the store already held its idempotency key (stored before a restart, or by another
    /// instance sharing the store), so the event is a duplicate and must not count again. Never
    /// waits itself: the callers are event loops.
    func store(
        _ events: [ValidatedEvent], receivedAt: Double,
        completion: @escaping @Sendable (Result<[Bool], EventStoreUnavailable>) -> Void)

    /// Why the store cannot take events now (being replayed, failed, unreachable), as `/readyz`
    /// reports it; nil when it can.
    var unavailability: EventStoreUnavailable? { get }

    /// Brings the processor the store serves back to where it was before the restart; events are
    /// taken from then on.
    func restore() throws

    /// Completes the writes under way and stops the store's threads; nothing is stored after it.
    func close()
}

/// The store cannot take events now; nothing of the batch was stored and the sender should retry.
public struct EventStoreUnavailable: Error, Sendable, CustomStringConvertible {
    /// Machine-readable reason, answered to the sender or by `/readyz` (`journal_unavailable`,
    /// `database_unavailable`, `replaying`).
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// How a store tells the operator what it did (replayed, snapshotted, lost its database); the
/// application maps it onto its log.
public typealias StoreLog = @Sendable (_ level: StoreLogLevel, _ message: String, _ fields: [String: String]) -> Void

public enum StoreLogLevel: Sendable {
    case info
    case warning
    case error
}
