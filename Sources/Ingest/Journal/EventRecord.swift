import Glibc

/// Turns validated events into journal records and back. Events and properties are stored by name,
/// not by catalog position, so a journal written by one version replays in the next even when
/// the catalog gained events or properties; a property the catalog no longer has is dropped.
///
/// Layout: version byte 1, the receive time (Float64 bits), the event's timestamp (Float64 bits),
/// a flags byte (bit 0: timestamp was sent, bit 1: event id, bit 2: distinct id), the name, the
/// event id and distinct id when flagged, a property count, then per property its name, a type
/// byte (s, i, n, b) and the value. Strings are a UInt32 length and UTF-8; numbers little-endian.
public struct EventRecord: Sendable {
    static let version: UInt8 = 1

    /// Per event, in catalog order: its name, and its properties' names as UTF-8 (matched against a
    /// record's bytes without building strings).
    private let events: [(name: String, utf8: [UInt8], properties: [[UInt8]])]

    public init(catalog: Catalog) {
        events = catalog.events.map { spec in (spec.name, Array(spec.name.utf8), spec.properties.map { Array($0.name.utf8) }) }
    }

    public func encode(_ event: ValidatedEvent, receivedAt: Double) -> [UInt8] {
        var out: [UInt8] = [Self.version]
        out.reserveCapacity(64 + event.values.count * 24)
        Self.append(receivedAt.bitPattern, to: &out)
        Self.append(event.timestamp.bitPattern, to: &out)
        let flags: UInt8 = (event.timestampWasSent ? 1 : 0) | (event.eventID != nil ? 2 : 0) | (event.distinctID != nil ? 4 : 0)
        out.append(flags)
        Self.append(event.name.utf8, to: &out)
        if let eventID = event.eventID { Self.append(eventID.utf8, to: &out) }
        if let distinctID = event.distinctID { Self.append(distinctID.utf8, to: &out) }
        let names = events[event.specIndex].properties
        Self.append(UInt64(event.values.reduce(0) { $0 + ($1 == nil ? 0 : 1) }), to: &out)
        for (index, value) in event.values.enumerated() {
            guard let value else { continue }
            Self.append(names[index], to: &out)
            switch value {
            case .string(let text):
                out.append(UInt8(ascii: "s"))
                Self.append(text.utf8, to: &out)
            case .integer(let number):
                out.append(UInt8(ascii: "i"))
                Self.append(UInt64(bitPattern: number), to: &out)
            case .number(let number):
                out.append(UInt8(ascii: "n"))
                Self.append(number.bitPattern, to: &out)
            case .boolean(let flag):
                out.append(UInt8(ascii: "b"))
                out.append(flag ? 1 : 0)
            }
        }
        return out
    }

    /// The event and when it was received; nil for an event the catalog no longer has.
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(EventRecordError) -> (event: ValidatedEvent, receivedAt: Double)? {
        var reader = Reader(bytes: bytes)
        guard try reader.byte() == Self.version else { throw EventRecordError("unknown record version") }
        let receivedAt = Double(bitPattern: try reader.word())
        let timestamp = Double(bitPattern: try reader.word())
        let flags = try reader.byte()
        let name = try reader.field()
        let eventID = flags & 2 != 0 ? try reader.string() : nil
        let distinctID = flags & 4 != 0 ? try reader.string() : nil
        let count = try reader.word()
        guard let index = events.firstIndex(where: { Self.equal($0.utf8, name) }) else { return nil }
        let properties = events[index].properties
        var values = [PropertyValue?](repeating: nil, count: properties.count)
        for _ in 0..<count {
            let property = try reader.field()
            let value: PropertyValue
            switch try reader.byte() {
            case UInt8(ascii: "s"): value = .string(try reader.string())
            case UInt8(ascii: "i"): value = .integer(Int64(bitPattern: try reader.word()))
            case UInt8(ascii: "n"): value = .number(Double(bitPattern: try reader.word()))
            case UInt8(ascii: "b"): value = .boolean(try reader.byte() != 0)
            default: throw EventRecordError("unknown value type")
            }
            if let position = properties.firstIndex(where: { Self.equal($0, property) }) { values[position] = value }
        }
        let event = ValidatedEvent(
            specIndex: index, name: events[index].name, eventID: eventID, timestamp: timestamp, timestampWasSent: flags & 1 != 0,
            distinctID: distinctID, values: values)
        return (event, receivedAt)
    }

    private static func equal(_ name: [UInt8], _ field: UnsafeRawBufferPointer) -> Bool {
        guard name.count == field.count else { return false }
        guard !name.isEmpty else { return true }
        return name.withUnsafeBytes { memcmp($0.baseAddress!, field.baseAddress!, field.count) == 0 }
    }

    private static func append(_ word: UInt64, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }

    private static func append(_ text: some Collection<UInt8>, to out: inout [UInt8]) {
        let count = UInt32(text.count)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: count >> UInt32(shift))) }
        out += text
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

        mutating func field() throws(EventRecordError) -> UnsafeRawBufferPointer {
            guard bytes.count - offset >= 4 else { throw EventRecordError("record ends early") }
            var count = 0
            for index in 0..<4 { count |= Int(bytes[offset + index]) << (8 * index) }
            offset += 4
            guard bytes.count - offset >= count else { throw EventRecordError("record ends early") }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        }

        mutating func string() throws(EventRecordError) -> String {
            String(decoding: try field(), as: UTF8.self)
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
