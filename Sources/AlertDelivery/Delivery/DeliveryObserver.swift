/// Hooks through which delivery reports what happened, so the executable can count and log it
/// without this module knowing about the metric registry or the log format.
public struct DeliveryObserver: Sendable {
    /// The receiver confirmed `count` notices.
    public var delivered: @Sendable (_ receiver: String, _ count: Int) -> Void
    /// An attempt failed and will be retried after `retryIn`.
    public var failed: @Sendable (_ receiver: String, _ reason: String, _ retryIn: Duration) -> Void
    /// The receiver rejected `count` notices for good; they went to the dead-letter file.
    public var deadLettered: @Sendable (_ receiver: String, _ count: Int, _ reason: String) -> Void
    /// The outbox could not be written; the notices involved stay where they were.
    public var outboxFailed: @Sendable (_ error: OutboxError) -> Void

    public init(
        delivered: @escaping @Sendable (String, Int) -> Void = { _, _ in },
        failed: @escaping @Sendable (String, String, Duration) -> Void = { _, _, _ in },
        deadLettered: @escaping @Sendable (String, Int, String) -> Void = { _, _, _ in },
        outboxFailed: @escaping @Sendable (OutboxError) -> Void = { _ in }
    ) {
        self.delivered = delivered
        self.failed = failed
        self.deadLettered = deadLettered
        self.outboxFailed = outboxFailed
    }
}
