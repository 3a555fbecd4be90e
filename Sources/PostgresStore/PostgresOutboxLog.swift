public import AlertDelivery
import Postgres

/// The alert outbox of one instance in PostgreSQL, for services running on a database: the same
/// records the file log holds, one row each, appended in one statement per write.
public final class PostgresOutboxLog: OutboxLog {
    public enum Table: String, Sendable {
        case outbox = "notification_outbox"
        case deadLetters = "notification_dead_letters"
    }

    private let url: String
    private let instance: String
    private let table: Table
    /// Opened on first use and again after the database went away.
    private var connection: PostgresConnection?

    public init(url: String, instance: String, table: Table) {
        self.url = url
        self.instance = instance
        self.table = table
    }

    public var location: String { "PostgreSQL table \(table.rawValue)" }

    public func records() throws(OutboxError) -> [String] {
        try withConnection { connection throws(PostgresError) in
            try connection.execute("SELECT record FROM \(table.rawValue) WHERE instance = $1 ORDER BY position", [instance]).rows.compactMap { $0[0] }
        }
    }

    public func append(_ records: [String]) throws(OutboxError) {
        try withConnection { connection throws(PostgresError) in try insert(records, on: connection) }
    }

    public func replace(with records: [String]) throws(OutboxError) {
        try withConnection { connection throws(PostgresError) in
            try connection.transaction { () throws(PostgresError) in
                try connection.execute("DELETE FROM \(table.rawValue) WHERE instance = $1", [instance])
                try insert(records, on: connection)
            }
        }
    }

    private func insert(_ records: [String], on connection: PostgresConnection) throws(PostgresError) {
        guard !records.isEmpty else { return }
        try connection.execute(
            "INSERT INTO \(table.rawValue) (instance, record) SELECT $1, record FROM unnest($2::text[]) WITH ORDINALITY AS row(record, n) ORDER BY n",
            [instance, PostgresArray.literal(records)])
    }

    private func withConnection<T>(_ body: (PostgresConnection) throws(PostgresError) -> T) throws(OutboxError) -> T {
        do throws(PostgresError) {
            if connection?.isOpen != true { connection = try PostgresConnection(url: url, defaults: ["connect_timeout": "5"]) }
            return try body(connection!)
        } catch {
            if connection?.isOpen != true { connection = nil }
            throw OutboxError("\(location): \(error.message)")
        }
    }
}
