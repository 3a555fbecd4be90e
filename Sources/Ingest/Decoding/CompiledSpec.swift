import Glibc
import JSONReader

/// An `EventSpec` prepared for decoding: names as UTF-8 bytes so keys are matched without
/// building strings, and the required-property checks precomputed. A class, so the decoder's
/// per-event lookups share one instance instead of copying (and retaining) its arrays.
final class CompiledSpec: Sendable {
    let name: String
    let properties: [PropertySpec]
    private let nameBytes: [UInt8]
    private let propertyNames: [[UInt8]]
    private let requiredCount: Int
    private let requiredOneOf: [[Int]]

    init(_ spec: EventSpec) {
        name = spec.name
        properties = spec.properties
        nameBytes = Array(spec.name.utf8)
        propertyNames = spec.properties.map { Array($0.name.utf8) }
        requiredCount = spec.required.count
        requiredOneOf = spec.requiredOneOf.map { group in group.map { spec.propertyIndex($0)! } }
    }

    func matches(_ node: JSONNode, in tape: JSONTape) -> Bool {
        tape.withUTF8(node) { Self.equal($0, nameBytes) } ?? false
    }

    /// The index of the property whose name is the string `key`, if the event knows it.
    func propertyIndex(_ key: JSONNode, in tape: JSONTape) -> Int? {
        tape.withUTF8(key) { key in propertyNames.firstIndex { Self.equal(key, $0) } } ?? nil
    }

    /// The first required property (or group) that `values` lacks, described for an error message.
    func missingProperty(in values: [PropertyValue?]) -> String? {
        if let index = values[..<requiredCount].firstIndex(where: { $0 == nil }) { return "\"\(properties[index].name)\"" }
        for group in requiredOneOf where group.allSatisfy({ values[$0] == nil }) {
            return group.map { "\"\(properties[$0].name)\"" }.joined(separator: " or ")
        }
        return nil
    }

    private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return b.withUnsafeBufferPointer { b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
    }
}
