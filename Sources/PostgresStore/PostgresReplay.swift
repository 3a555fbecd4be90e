public import Ingest
public import Postgres

/// Reads an instance's events back from PostgreSQL into a processor at start-up, in the order they
/// were stored, so its metrics, trackers and idempotency keys are as they were before the restart.
public enum PostgresReplay {
    public struct Outcome: Sendable {
        public var events = 0
        /// Rows of events the catalog no longer has, skipped.
        public var unknownEvents = 0
        public var duration = Duration.zero
    }

    /// Rows fetched per query (keyset pagination on `id`, so memory stays flat for any table size).
    static let pageSize = 20_000

    public static func replay(instance: String, from connection: PostgresConnection, into processor: EventProcessor) throws -> Outcome {
        let started = ContinuousClock.now
        let records = EventRecord(catalog: processor.catalog)
        var outcome = Outcome()
        var lastID = "0"
        while true {
            let page = try connection.execute(
                "SELECT id, record FROM events WHERE instance = $1 AND id > $2::bigint ORDER BY id LIMIT \(pageSize)", [instance, lastID]
            ).rows
            for row in page {
                let bytes = try bytea(row[1] ?? "")
                guard let (event, receivedAt) = try bytes.withUnsafeBytes({ try records.decode($0) }) else {
                    outcome.unknownEvents += 1
                    continue
                }
                processor.replay(event, receivedAt: receivedAt)
                outcome.events += 1
            }
            guard let last = page.last?[0], page.count == pageSize else { break }
            lastID = last
        }
        outcome.duration = ContinuousClock.now - started
        return outcome
    }

    /// Decodes bytea's hex output format (`\x0a1b…`).
    static func bytea(_ text: String) throws(PostgresError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else {
            throw PostgresError(message: "an events.record value is not bytea hex output")
        }
        func nibble(_ digit: UInt8) throws(PostgresError) -> UInt8 {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
            default: throw PostgresError(message: "an events.record value has a non-hex digit")
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2 - 1)
        var index = 2
        while index < utf8.count {
            bytes.append(try nibble(utf8[index]) << 4 | nibble(utf8[index + 1]))
            index += 2
        }
        return bytes
    }
}
