/// Where the outbox keeps its records, one JSON object each: a file in the data directory by
/// default, a table in PostgreSQL when the service runs on one. The outbox uses a log from one
/// thread at a time (under its lock), so implementations need no locking of their own.
public protocol OutboxLog: AnyObject {
    /// Names the log in errors and logs (a path, a table), never a secret.
    var location: String { get }
    /// Every complete record, oldest first.
    func records() throws(OutboxError) -> [String]
    /// Appends `records` and returns once they are durable.
    func append(_ records: [String]) throws(OutboxError)
    /// Replaces every record with `records`, atomically.
    func replace(with records: [String]) throws(OutboxError)
}
