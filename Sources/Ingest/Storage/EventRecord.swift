import Glibc

/// Turns validated events into journal records and back. Events and properties are stored by name,
/// not by catalog position, so a journal written by one version replays in the next even when
/// the catalog gained events or properties; a property the catalog no longer has is dropped.
///
/// Layout: version byte 1, the receive time (Float64 bits), the event's timestamp (Float64 bits),
/// a flags byte (bit 0: timestamp was sent, bit 1: event id, bit 2: distinct id), the name, the
/// event id and distinct id when flagged, a property count, then per property its name, a type
/// byte (s, i, n, b) and the value. Strings are a UInt32 length and UTF-8; numbers little-endian
/// (Binary/LittleEndian.swift).
public struct EventRecord: Sendable {
    static let version: UInt8 = 1

    /// Per event, in catalog order: its name, and its properties' names as UTF-8 (matched against a
    /// record's bytes without building strings).
    private let events: [(name: String, utf8: [UInt8], properties: [[UInt8]])]

    public init(catalog: Catalog) {
        events = catalog.events.map { spec in (spec.name, Array(spec.name.utf8), spec.properties.map { Array($0.name.utf8) }) }
    }

    public func encode(_ event: ValidatedEvent, receivedAt: Double) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + event.values.count * 24)
        encode(event, receivedAt: receivedAt, into: &out)
        return out
    }

    /// Appends the record to `out`, so a batch is encoded into one buffer.
    public func encode(_ event: ValidatedEvent, receivedAt: Double, into out: inout [UInt8]) {
        out.append(Self.version)
        out.appendDouble(receivedAt)
        out.appendDouble(event.timestamp)
        let flags: UInt8 = (event.timestampWasSent ? 1 : 0) | (event.eventID != nil ? 2 : 0) | (event.distinctID != nil ? 4 : 0)
        out.append(flags)
        out.appendField(event.name.utf8)
        if let eventID = event.eventID { out.appendField(eventID.utf8) }
        if let distinctID = event.distinctID { out.appendField(distinctID.utf8) }
        let names = events[event.specIndex].properties
        out.appendUInt64(UInt64(event.values.reduce(0) { $0 + ($1 == nil ? 0 : 1) }))
        for (index, value) in event.values.enumerated() {
            guard let value else { continue }
            out.appendField(names[index])
            switch value {
            case .string(let text):
                out.append(UInt8(ascii: "s"))
                out.appendField(text.utf8)
            case .integer(let number):
                out.append(UInt8(ascii: "i"))
                out.appendUInt64(UInt64(bitPattern: number))
            case .number(let number):
                out.append(UInt8(ascii: "n"))
                out.appendDouble(number)
            case .boolean(let flag):
                out.append(UInt8(ascii: "b"))
                out.append(flag ? 1 : 0)
            }
        }
    }

    /// The event and when it was received; nil for an event the catalog no longer has.
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(EventRecordError) -> (event: ValidatedEvent, receivedAt: Double)? {
        var reader = ByteReader(bytes, truncated: EventRecordError("record ends early"))
        guard try reader.byte() == Self.version else { throw EventRecordError("unknown record version") }
        let receivedAt = try reader.double()
        let timestamp = try reader.double()
        let flags = try reader.byte()
        let name = try reader.field()
        let eventID = flags & 2 != 0 ? try reader.string() : nil
        let distinctID = flags & 4 != 0 ? try reader.string() : nil
        let count = try reader.uint64()
        guard let index = events.firstIndex(where: { Self.equal($0.utf8, name) }) else { return nil }
        let properties = events[index].properties
        var values = [PropertyValue?](repeating: nil, count: properties.count)
        for _ in 0..<count {
            let property = try reader.field()
            let value: PropertyValue
            switch try reader.byte() {
            case UInt8(ascii: "s"): value = .string(try reader.string())
            case UInt8(ascii: "i"): value = .integer(Int64(bitPattern: try reader.uint64()))
            case UInt8(ascii: "n"): value = .number(try reader.double())
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
}

/// A journal record that is not an event record this version can read.
public struct EventRecordError: Error, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
