import JSONReader
import Testing

/// The canonical form `PythonJSON` prints, rebuilt from a tape: objects keep every member in order, strings are the
/// hex of their decoded UTF-8, integers (number text without `.`/`e`) are `i<decimal>/<double bits>`, other numbers
/// `f<double bits>`, literals `T`, `F`, `N`.
///
/// On the way it checks that the other accessors agree with the one that produced the form: `string`, `utf8Count`
/// and `stringEquals` with `withUTF8`, and `member(_:named:)` with iteration (first duplicate wins).
enum Canonical {
    static func form(of tape: JSONTape, in document: [UInt8]) -> String {
        var out = ""
        append(tape.root, of: tape, in: document, to: &out)
        return out
    }

    static func append(_ node: JSONNode, of tape: JSONTape, in document: [UInt8], to out: inout String) {
        switch tape.kind(node) {
        case .object:
            out += "{"
            var firstByKey: [String: JSONNode] = [:]
            for (index, member) in tape.members(of: node).enumerated() {
                if index > 0 { out += "," }
                append(member.key, of: tape, in: document, to: &out)
                out += ":"
                append(member.value, of: tape, in: document, to: &out)
                let key = tape.string(member.key) ?? ""
                if firstByKey[key] == nil { firstByKey[key] = member.value }
            }
            out += "}"
            for (key, value) in firstByKey {
                #expect(tape.member(node, named: key) == value, "member(named: \(key.debugDescription))")
            }
        case .array:
            out += "["
            for (index, element) in tape.elements(of: node).enumerated() {
                if index > 0 { out += "," }
                append(element, of: tape, in: document, to: &out)
            }
            out += "]"
        case .string:
            let decoded = tape.withUTF8(node) { Array($0) } ?? []
            out += "s" + decoded.map(hex).joined()
            let string = tape.string(node) ?? ""
            #expect(Array(string.utf8) == decoded)
            #expect(tape.utf8Count(node) == decoded.count)
            #expect(tape.stringEquals(node, string))
        case .number:
            let text = document[tape.byteRange(node)]
            let value = tape.double(node) ?? .nan
            if text.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }) {
                out += "f" + bits(value)
            } else {
                // Python reads integer text as an int, and an int has no negative zero.
                let decimal = tape.int64(node).map { String($0) } ?? String(decoding: text, as: UTF8.self)
                out += "i\(decimal)/" + bits(value == 0 ? 0 : value)
            }
            if let integer = tape.int64(node), integer.magnitude <= 1 << 53 {
                #expect(
                    value == Double(integer), "int64 and double disagree on \(String(decoding: text, as: UTF8.self))")
            }
        case .bool(let value):
            out += value ? "T" : "F"
        case .null:
            out += "N"
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return byte < 16 ? "0" + digits : digits
    }

    static func bits(_ value: Double) -> String {
        let digits = String(value.bitPattern, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
