/// A validated event as one journal record, and back. Events and properties are stored by name,
/// not by catalog position, so a journal written by one version replays in the next even when
/// the catalog gained events or properties; a property the catalog no longer has is dropped.
///
/// Layout: version byte 1, the receive time (Float64 bits), the event's timestamp (Float64 bits),
/// a flags byte (bit 0: timestamp was sent, bit 1: event id, bit 2: distinct id), the name, the
/// event id and distinct id when flagged, a property count, then per property its name, a type
/// byte (s, i, n, b) and the value. Strings are a UInt32 length and UTF-8; numbers little-endian.
public enum EventRecord {
    static let version: UInt8 = 1

    public static func encode(_ event: ValidatedEvent, receivedAt: Double, catalog: Catalog) -> [UInt8] {
        var out: [UInt8] = [version]
        out.reserveCapacity(64 + event.values.count * 24)
        append(receivedAt.bitPattern, to: &out)
        append(event.timestamp.bitPattern, to: &out)
        let flags: UInt8 = (event.timestampWasSent ? 1 : 0) | (event.eventID != nil ? 2 : 0) | (event.distinctID != nil ? 4 : 0)
        out.append(flags)
        append(event.name, to: &out)
        if let eventID = event.eventID { append(eventID, to: &out) }
        if let distinctID = event.distinctID { append(distinctID, to: &out) }
        let properties = catalog.events[event.specIndex].properties
        append(UInt64(event.values.reduce(0) { $0 + ($1 == nil ? 0 : 1) }), to: &out)
        for (index, value) in event.values.enumerated() {
            guard let value else { continue }
            append(properties[index].name, to: &out)
            switch value {
            case .string(let text):
                out.append(UInt8(ascii: "s"))
                append(text, to: &out)
            case .integer(let number):
                out.append(UInt8(ascii: "i"))
                append(UInt64(bitPattern: number), to: &out)
            case .number(let number):
                out.append(UInt8(ascii: "n"))
                append(number.bitPattern, to: &out)
            case .boolean(let flag):
                out.append(UInt8(ascii: "b"))
                out.append(flag ? 1 : 0)
            }
        }
        return out
    }

    /// The event and when it was received; nil for an event the catalog no longer has.
    public static func decode(_ bytes: UnsafeRawBufferPointer, catalog: Catalog, specIndex: (String) -> Int?) throws(EventRecordError)
        -> (event: ValidatedEvent, receivedAt: Double)?
    {
        var reader = Reader(bytes: bytes)
        guard try reader.byte() == version else { throw EventRecordError("unknown record version") }
        let receivedAt = Double(bitPattern: try reader.word())
        let timestamp = Double(bitPattern: try reader.word())
        let flags = try reader.byte()
        let name = try reader.string()
        let eventID = flags & 2 != 0 ? try reader.string() : nil
        let distinctID = flags & 4 != 0 ? try reader.string() : nil
        let count = try reader.word()
        guard let index = specIndex(name) else { return nil }
        let spec = catalog.events[index]
        var values = [PropertyValue?](repeating: nil, count: spec.properties.count)
        for _ in 0..<count {
            let property = try reader.string()
            let value: PropertyValue
            switch try reader.byte() {
            case UInt8(ascii: "s"): value = .string(try reader.string())
            case UInt8(ascii: "i"): value = .integer(Int64(bitPattern: try reader.word()))
            case UInt8(ascii: "n"): value = .number(Double(bitPattern: try reader.word()))
            case UInt8(ascii: "b"): value = .boolean(try reader.byte() != 0)
            default: throw EventRecordError("unknown value type")
            }
            if let position = spec.propertyIndex(property) { values[position] = value }
        }
        let event = ValidatedEvent(
            specIndex: index, name: name, eventID: eventID, timestamp: timestamp, timestampWasSent: flags & 1 != 0,
            distinctID: distinctID, values: values)
        return (event, receivedAt)
    }

    private static func append(_ word: UInt64, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }

    private static func append(_ text: String, to out: inout [UInt8]) {
        let count = UInt32(text.utf8.count)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: count >> UInt32(shift))) }
        out += text.utf8
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func byte() throws(EventRecordError) -> UInt8 {
            guard offset < bytes.count else { throw EventRecordError("record ends early") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func word() throws(EventRecordError) -> UInt64 {
            guard bytes.count - offset >= 8 else { throw EventRecordError("record ends early") }
            var word: UInt64 = 0
            for index in 0..<8 { word |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
            offset += 8
            return word
        }

        mutating func string() throws(EventRecordError) -> String {
            guard bytes.count - offset >= 4 else { throw EventRecordError("record ends early") }
            var count = 0
            for index in 0..<4 { count |= Int(bytes[offset + index]) << (8 * index) }
            offset += 4
            guard bytes.count - offset >= count else { throw EventRecordError("record ends early") }
            defer { offset += count }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]), as: UTF8.self)
        }
    }
}

/// A journal record that is not an event record this version can read.
public struct EventRecordError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
