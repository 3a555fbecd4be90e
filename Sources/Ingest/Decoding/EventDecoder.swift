public import JSONReader

/// Turns one JSON event object into a `ValidatedEvent`, or says precisely why it cannot: the envelope
/// is read, the event looked up in the catalog, each known property checked against its spec, and
/// personal data hashed, all in one pass over the object without building a dictionary.
public struct EventDecoder: Sendable {
    /// Where the envelope's fields come from.
    public enum Dialect: Sendable {
        /// commswatch's own: `event`, `properties`, `event_id`, `timestamp`, `distinct_id`.
        case native
        /// PostHog SDKs': the same, with `uuid` as the event id and `distinct_id` also inside `properties`.
        case postHog
    }

    /// String values longer than this many bytes are refused.
    public static let maxValueBytes = 256
    /// Timestamps further than this many seconds ahead of the clock are refused.
    public static let futureTolerance: Double = 300

    private let specs: [CompiledSpec]
    /// Event index by a hash of its name, so finding the spec costs one hash and one comparison.
    private let specByNameHash: [UInt64: Int]
    private let hasher: PersonalDataHasher

    public init(catalog: Catalog, hasher: PersonalDataHasher) {
        specs = catalog.events.map(CompiledSpec.init)
        var byHash: [UInt64: Int] = [:]
        for (index, event) in catalog.events.enumerated() {
            let hash = Array(event.name.utf8).withUnsafeBufferPointer(Self.nameHash)
            precondition(byHash.updateValue(index, forKey: hash) == nil, "two event names share a hash: \(event.name)")
        }
        specByNameHash = byHash
        self.hasher = hasher
    }

    /// FNV-1a over the name's bytes.
    private static func nameHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    public func decode(
        _ object: JSONNode, in tape: JSONTape, dialect: Dialect, now: Double
    ) -> Result<ValidatedEvent, EventRejection> {
        guard tape.kind(object) == .object else {
            return .failure(EventRejection(.notAnObject, "an event must be a JSON object"))
        }
        var name: JSONNode?, properties: JSONNode?, eventID: JSONNode?, uuid: JSONNode?
        var timestamp: JSONNode?, distinctID: JSONNode?
        for (key, value) in tape.members(of: object) {
            if tape.stringEquals(key, "event") { name = value }
            else if tape.stringEquals(key, "properties") { properties = value }
            else if tape.stringEquals(key, "event_id") { eventID = value }
            else if tape.stringEquals(key, "timestamp") { timestamp = value }
            else if tape.stringEquals(key, "distinct_id") { distinctID = value }
            else if dialect == .postHog && tape.stringEquals(key, "uuid") { uuid = value }
        }
        guard let name, tape.kind(name) == .string else {
            return .failure(EventRejection(.missingEventName, "the event has no \"event\" name string"))
        }
        guard let specIndex = tape.withUTF8(name, Self.nameHash).flatMap({ specByNameHash[$0] }),
            specs[specIndex].matches(name, in: tape)
        else {
            return .failure(EventRejection(.unknownEvent, "unknown event \"\(tape.string(name) ?? "")\""))
        }
        let spec = specs[specIndex]
        var values = [PropertyValue?](repeating: nil, count: spec.properties.count)
        if let properties, !tape.isNull(properties) {
            guard tape.kind(properties) == .object else {
                return .failure(EventRejection(.wrongType, "\"properties\" must be an object"))
            }
            for (key, value) in tape.members(of: properties) {
                guard let index = spec.propertyIndex(key, in: tape) else {
                    if dialect == .postHog && distinctID == nil && tape.stringEquals(key, "distinct_id") { distinctID = value }
                    continue
                }
                switch decodeValue(value, in: tape, as: spec.properties[index]) {
                case .success(let decoded): values[index] = decoded
                case .failure(let rejection): return .failure(rejection)
                }
            }
        }
        if let missing = spec.missingProperty(in: values) {
            return .failure(EventRejection(.missingProperty, "\(spec.name) needs property \(missing)"))
        }
        var time = now
        if let timestamp, !tape.isNull(timestamp) {
            guard let parsed = Self.timestamp(timestamp, in: tape) else {
                return .failure(EventRejection(.invalidTimestamp, "\"timestamp\" must be RFC 3339 or epoch milliseconds"))
            }
            guard parsed <= now + Self.futureTolerance else {
                return .failure(EventRejection(.timestampInFuture, "\"timestamp\" is more than 5 minutes in the future"))
            }
            time = parsed
        }
        let id: String?
        switch Self.identifier(eventID ?? uuid, in: tape) {
        case .success(let value): id = value
        case .failure: return .failure(EventRejection(.invalidEventID, "the event id must be a string or an integer of up to 256 bytes"))
        }
        let distinct = (try? Self.identifier(distinctID, in: tape).get()).flatMap { $0 }.map(hasher.pseudonym)
        return .success(
            ValidatedEvent(
                specIndex: specIndex, name: spec.name, eventID: id, timestamp: time,
                timestampWasSent: timestamp.map { !tape.isNull($0) } ?? false, distinctID: distinct, values: values
            )
        )
    }

    private func decodeValue(_ node: JSONNode, in tape: JSONTape, as property: PropertySpec) -> Result<PropertyValue?, EventRejection> {
        if tape.isNull(node) { return .success(nil) }
        func wrongType(_ expected: String) -> Result<PropertyValue?, EventRejection> {
            .failure(EventRejection(.wrongType, "property \(property.name) must be \(expected)"))
        }
        func text() -> Result<String, EventRejection>? {
            guard let count = tape.utf8Count(node) else { return nil }
            guard count > 0 else { return .failure(EventRejection(.valueNotAllowed, "property \(property.name) is empty")) }
            guard count <= Self.maxValueBytes else {
                return .failure(EventRejection(.valueTooLong, "property \(property.name) is longer than \(Self.maxValueBytes) bytes"))
            }
            let value = tape.string(node)!
            return .success(property.isPersonalData ? hasher.pseudonym(value) : value)
        }
        switch property.type {
        case .identifier, .string:
            if let text = text() { return text.map { .string($0) } }
            if property.type == .identifier, let integer = tape.int64(node) {
                let value = String(integer)
                return .success(.string(property.isPersonalData ? hasher.pseudonym(value) : value))
            }
            return wrongType(property.type == .identifier ? "a string or an integer" : "a string")
        case .oneOf(let allowed):
            guard let text = text() else { return wrongType("a string") }
            return text.flatMap { value in
                allowed.contains(value)
                    ? .success(.string(value))
                    : .failure(EventRejection(.valueNotAllowed, "property \(property.name) must be one of \(allowed.joined(separator: ", ")), got \"\(value)\""))
            }
        case .integer(let range):
            guard tape.kind(node) == .number else { return wrongType("an integer") }
            guard let value = tape.int64(node) else { return wrongType("an integer") }
            guard range.contains(Double(value)) else { return outOfRange(property, range) }
            return .success(.integer(value))
        case .number(let range):
            guard tape.kind(node) == .number, let value = tape.double(node), value.isFinite else { return wrongType("a number") }
            guard range.contains(value) else { return outOfRange(property, range) }
            return .success(.number(value))
        case .boolean:
            guard let value = tape.bool(node) else { return wrongType("a boolean") }
            return .success(.boolean(value))
        }
    }

    private func outOfRange(_ property: PropertySpec, _ range: ClosedRange<Double>) -> Result<PropertyValue?, EventRejection> {
        .failure(EventRejection(.valueOutOfRange, "property \(property.name) must be \(property.typeDescription)"))
    }

    /// Seconds since the epoch from an RFC 3339 string or a number of epoch milliseconds.
    static func timestamp(_ node: JSONNode, in tape: JSONTape) -> Double? {
        if tape.kind(node) == .number { return tape.double(node).flatMap(EventTimestamp.fromEpochMilliseconds) }
        return tape.withUTF8(node) { EventTimestamp.parseRFC3339($0) } ?? nil
    }

    /// A string (1–256 bytes) or integer id; nil when absent or null; failure for anything else.
    static func identifier(_ node: JSONNode?, in tape: JSONTape) -> Result<String?, EventRejection> {
        guard let node, !tape.isNull(node) else { return .success(nil) }
        if let count = tape.utf8Count(node), count > 0, count <= maxValueBytes { return .success(tape.string(node)) }
        if let integer = tape.int64(node) { return .success(String(integer)) }
        return .failure(EventRejection(.invalidEventID, "invalid id"))
    }
}
