import Ingest
import JSONReader

/// Events as rows of the `events` table: one INSERT per batch, its columns bound as six array
/// parameters (`unnest`), which PostgreSQL plans once however many rows there are. Each row keeps the
/// record for replay and the properties as JSON for `daily_stats` and ad-hoc SQL.
struct EventRows: Sendable {
    static let insertSQL = """
        INSERT INTO events (idempotency_key, name, occurred_at, received_at, instance, properties, record)
        SELECT key, name, to_timestamp(occurred), to_timestamp(received), $7, properties, record
        FROM unnest($1::text[], $2::text[], $3::float8[], $4::jsonb[], $5::bytea[], $6::float8[])
            AS row(key, name, occurred, properties, record, received)
        ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key
        """

    let instance: String
    let key: @Sendable (ValidatedEvent) -> String?
    private let records: EventRecord
    /// Per event in catalog order, its properties' names as JSON object keys (`"name":`).
    private let jsonKeys: [[String]]

    init(catalog: Catalog, instance: String, key: @escaping @Sendable (ValidatedEvent) -> String?) {
        self.instance = instance
        self.key = key
        records = EventRecord(catalog: catalog)
        jsonKeys = catalog.events.map { spec in spec.properties.map { JSONText.string($0.name) + ":" } }
    }

    /// The parameters of `insertSQL` for `events`, each received at its `receivedAt` (batches of
    /// several requests share one statement); the statement returns the keys actually stored.
    func insertParameters(for events: [ValidatedEvent], keys: [String?], receivedAt: [Double]) -> [String?] {
        [
            PostgresArray.literal(keys), PostgresArray.literal(events.map(\.name)),
            PostgresArray.literal(events.map { String($0.timestamp) }), PostgresArray.literal(events.map(properties)),
            PostgresArray.literal(zip(events, receivedAt).map { hex(records.encode($0, receivedAt: $1)) }),
            PostgresArray.literal(receivedAt.map { String($0) }), instance,
        ]
    }

    /// The event's catalog properties as a JSON object; identifiers and strings as JSON strings.
    func properties(of event: ValidatedEvent) -> String {
        let names = jsonKeys[event.specIndex]
        var json = "{"
        for (index, value) in event.values.enumerated() {
            guard let value else { continue }
            if json.utf8.count > 1 { json += "," }
            json += names[index]
            switch value {
            case .string(let text): json += JSONText.string(text)
            case .integer(let number): json += String(number)
            case .number(let number): json += String(number)
            case .boolean(let flag): json += flag ? "true" : "false"
            }
        }
        return json + "}"
    }

    /// bytea's hex input format.
    private func hex(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        text.reserveCapacity(2 + bytes.count * 2)
        Hex.append(bytes, to: &text)
        return String(decoding: text, as: UTF8.self)
    }
}

/// JSON string literals for jsonb.
enum JSONText {
    /// A JSON string. NUL, which PostgreSQL's text and jsonb cannot hold, becomes U+FFFD.
    static func string(_ text: String) -> String {
        let storable = text.utf8.contains(0) ? String(text.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : Character($0) }) : text
        return "\"" + jsonEscaped(storable) + "\""
    }
}

/// PostgreSQL's text form of an array value: every element quoted (backslash and quote escaped),
/// nil as NULL. Built on UTF-8 bytes: a batch's arrays run to hundreds of kilobytes.
enum PostgresArray {
    static func literal(_ values: [String?]) -> String {
        var text: [UInt8] = [UInt8(ascii: "{")]
        text.reserveCapacity(values.reduce(2) { $0 + ($1?.utf8.count ?? 4) + 3 })
        for (index, value) in values.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            guard let value else {
                text += Array("NULL".utf8)
                continue
            }
            text.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") { text.append(UInt8(ascii: "\\")) }
                text.append(byte)
            }
            text.append(UInt8(ascii: "\""))
        }
        text.append(UInt8(ascii: "}"))
        return String(decoding: text, as: UTF8.self)
    }
}
