/// One line of the outbox journal. Every change to the outbox is one appended, fsynced line, so a
/// crash at any moment leaves a file whose replay gives the state as of the last completed change.
struct OutboxRecord: Codable, Sendable {
    enum Operation: String, Codable, Sendable {
        /// A notice was queued for a receiver.
        case add
        /// The receiver answered 2xx: never send it again.
        case delivered
        /// The receiver rejected it for good (4xx), or a newer notice for the same alert replaced it.
        case removed
    }

    var op: Operation
    var seq: UInt64
    var receiver: String?
    var notice: AlertNotice?
    /// When the notice was queued, ms since the epoch.
    var at: Int64?
    /// Why a notice was removed, for the dead-letter file and the logs.
    var reason: String?

    static func add(_ seq: UInt64, receiver: String, notice: AlertNotice, at: Int64) -> OutboxRecord {
        OutboxRecord(op: .add, seq: seq, receiver: receiver, notice: notice, at: at)
    }

    static func delivered(_ seq: UInt64) -> OutboxRecord {
        OutboxRecord(op: .delivered, seq: seq)
    }

    static func removed(_ seq: UInt64, reason: String) -> OutboxRecord {
        OutboxRecord(op: .removed, seq: seq, reason: reason)
    }
}
