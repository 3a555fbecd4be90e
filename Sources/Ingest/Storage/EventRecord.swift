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

    /// Appends the record to `out`, so a batch is encoded into one buffer: its size is worked out
    /// first, then every field is stored in place (no append per field).
    public func encode(_ event: ValidatedEvent, receivedAt: Double, into out: inout [UInt8]) {
        let names = events[event.specIndex].properties
        var size = 1 + 8 + 8 + 1 + 4 + event.name.utf8.count + 8
        if let eventID = event.eventID { size += 4 + eventID.utf8.count }
        if let distinctID = event.distinctID { size += 4 + distinctID.utf8.count }
        var present = 0
        for (index, value) in event.values.enumerated() {
            guard let value else { continue }
            present += 1
            size += 4 + names[index].count + 1
            switch value {
            case .string(let text): size += 4 + text.utf8.count
            case .integer, .number: size += 8
            case .boolean: size += 1
            }
        }
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: size))
        out.withUnsafeMutableBytes { buffer in
            var writer = RecordWriter(base: buffer.baseAddress! + start)
            writer.byte(Self.version)
            writer.uint64(receivedAt.bitPattern)
            writer.uint64(event.timestamp.bitPattern)
            writer.byte((event.timestampWasSent ? 1 : 0) | (event.eventID != nil ? 2 : 0) | (event.distinctID != nil ? 4 : 0))
            writer.field(event.name)
            if let eventID = event.eventID { writer.field(eventID) }
            if let distinctID = event.distinctID { writer.field(distinctID) }
            writer.uint64(UInt64(present))
            for (index, value) in event.values.enumerated() {
                guard let value else { continue }
                names[index].withUnsafeBytes { writer.field($0) }
                switch value {
                case .string(let text):
                    writer.byte(UInt8(ascii: "s"))
                    writer.field(text)
                case .integer(let number):
                    writer.byte(UInt8(ascii: "i"))
                    writer.uint64(UInt64(bitPattern: number))
                case .number(let number):
                    writer.byte(UInt8(ascii: "n"))
                    writer.uint64(number.bitPattern)
                case .boolean(let flag):
                    writer.byte(UInt8(ascii: "b"))
                    writer.byte(flag ? 1 : 0)
                }
            }
            assert(writer.offset == size, "a record's size was miscounted")
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

/// Stores a record's fields, little-endian, into memory sized for it beforehand.
private struct RecordWriter {
    let base: UnsafeMutableRawPointer
    private(set) var offset = 0

    init(base: UnsafeMutableRawPointer) {
        self.base = base
    }

    mutating func byte(_ value: UInt8) {
        base.storeBytes(of: value, toByteOffset: offset, as: UInt8.self)
        offset += 1
    }

    mutating func uint64(_ value: UInt64) {
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self)
        offset += 8
    }

    /// A UInt32 length, then the bytes.
    mutating func field(_ bytes: UnsafeRawBufferPointer) {
        base.storeBytes(of: UInt32(bytes.count).littleEndian, toByteOffset: offset, as: UInt32.self)
        offset += 4
        if let source = bytes.baseAddress { (base + offset).copyMemory(from: source, byteCount: bytes.count) }
        offset += bytes.count
    }

    mutating func field(_ text: String) {
        var text = text
        text.withUTF8 { field(UnsafeRawBufferPointer($0)) }
    }
}
