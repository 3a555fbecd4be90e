import Ingest

/// Events as rows of the `events` table, written by multi-row INSERT statements with bound
/// parameters: the record for replay, and the properties as JSON for `daily_stats` and ad-hoc SQL.
struct EventRows: Sendable {
    /// Rows per statement, so a large batch stays well under PostgreSQL's 65 535 parameters.
    static let rowsPerStatement = 1000

    struct Statement {
        var sql: String
        var parameters: [String?]
    }

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

    /// INSERT … ON CONFLICT DO NOTHING statements for `events`, returning the keys actually stored.
    func inserts(for events: [ValidatedEvent], receivedAt: Double) -> [Statement] {
        stride(from: 0, to: events.count, by: Self.rowsPerStatement).map { start in
            let chunk = events[start..<min(events.count, start + Self.rowsPerStatement)]
            var parameters: [String?] = [String(receivedAt), instance]
            parameters.reserveCapacity(2 + chunk.count * 5)
            for event in chunk {
                parameters += [key(event), event.name, String(event.timestamp), properties(of: event), hex(records.encode(event, receivedAt: receivedAt))]
            }
            return Statement(sql: Self.insertSQL(rows: chunk.count), parameters: parameters)
        }
    }

    private static func insertSQL(rows: Int) -> String {
        var sql = "INSERT INTO events (idempotency_key, name, occurred_at, received_at, instance, properties, record) VALUES "
        for row in 0..<rows {
            let first = 3 + row * 5
            if row > 0 { sql += ", " }
            sql += "($\(first), $\(first + 1), to_timestamp($\(first + 2)::float8), to_timestamp($1::float8), $2, $\(first + 3)::jsonb, $\(first + 4)::bytea)"
        }
        return sql + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key"
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
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8](repeating: 0, count: 2 + bytes.count * 2)
        text[0] = UInt8(ascii: "\\")
        text[1] = UInt8(ascii: "x")
        for (index, byte) in bytes.enumerated() {
            text[2 + index * 2] = digits[Int(byte >> 4)]
            text[3 + index * 2] = digits[Int(byte & 15)]
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// JSON and PostgreSQL array literals for text values.
enum JSONText {
    /// A JSON string. NUL, which PostgreSQL's text and jsonb cannot hold, becomes U+FFFD.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{0}": out += "\u{FFFD}"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// PostgreSQL's text form of a `text[]` value, for `= ANY($1::text[])`.
enum PostgresArray {
    static func text(_ values: [String]) -> String {
        "{" + values.map { "\"" + $0.replacingBackslashesAndQuotes() + "\"" }.joined(separator: ",") + "}"
    }
}

extension String {
    fileprivate func replacingBackslashesAndQuotes() -> String {
        var out = ""
        for character in self {
            if character == "\\" || character == "\"" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
