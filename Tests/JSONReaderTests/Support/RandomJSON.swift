import TestSupport

/// Random valid JSON texts that reach every part of the grammar: nesting, duplicate keys, every escape, raw UTF-8 of
/// every length (astral plane included), and numbers of every shape (long significands, huge and tiny exponents,
/// subnormals, overflow to infinity, halfway cases).
struct RandomJSON {
    var random: SeededRandom
    var maxDepth = 6

    mutating func document() -> [UInt8] {
        var out: [UInt8] = []
        whitespace(&out)
        value(&out, depth: 0)
        whitespace(&out)
        return out
    }

    mutating func value(_ out: inout [UInt8], depth: Int) {
        let roll = Int.random(in: 0..<10, using: &random)
        if roll < 2 && depth < maxDepth {
            object(&out, depth: depth)
        } else if roll < 4 && depth < maxDepth {
            array(&out, depth: depth)
        } else if roll < 6 {
            string(&out)
        } else if roll < 9 {
            out += Array(number().utf8)
        } else {
            out += Array(random.pick(["true", "false", "null"]).utf8)
        }
    }

    mutating func object(_ out: inout [UInt8], depth: Int) {
        out.append(UInt8(ascii: "{"))
        var keys: [[UInt8]] = []
        for index in 0..<Int.random(in: 0...5, using: &random) {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            whitespace(&out)
            var key: [UInt8] = []
            if !keys.isEmpty && random.chance(10) {
                key = random.pick(keys)
            } else {
                string(&key)
                keys.append(key)
            }
            out += key
            whitespace(&out)
            out.append(UInt8(ascii: ":"))
            whitespace(&out)
            value(&out, depth: depth + 1)
            whitespace(&out)
        }
        out.append(UInt8(ascii: "}"))
    }

    mutating func array(_ out: inout [UInt8], depth: Int) {
        out.append(UInt8(ascii: "["))
        for index in 0..<Int.random(in: 0...5, using: &random) {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            whitespace(&out)
            value(&out, depth: depth + 1)
            whitespace(&out)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func whitespace(_ out: inout [UInt8]) {
        guard random.chance(25) else { return }
        for _ in 0...Int.random(in: 0...2, using: &random) {
            out.append(random.pick([0x20, 0x09, 0x0A, 0x0D]))
        }
    }

    mutating func string(_ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            switch Int.random(in: 0..<12, using: &random) {
            case 0...4:
                let c = UInt8.random(in: 0x20...0x7E, using: &random)
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(c)
            case 5:
                out += Array(random.pick([#"\""#, #"\\"#, #"\/"#, #"\b"#, #"\f"#, #"\n"#, #"\r"#, #"\t"#]).utf8)
            case 6:
                var unit = UInt32.random(in: 0...0xFFFF, using: &random)
                if (0xD800...0xDFFF).contains(unit) { unit -= 0x1000 }
                escape(unit, &out)
            case 7:
                let scalar = UInt32.random(in: 0x10000...0x10FFFF, using: &random) - 0x10000
                escape(0xD800 + scalar >> 10, &out)
                escape(0xDC00 + scalar & 0x3FF, &out)
            case 8: raw(UInt32.random(in: 0x80...0x7FF, using: &random), &out)
            case 9:
                let scalar = UInt32.random(in: 0x800...0xFFFF, using: &random)
                raw((0xD800...0xDFFF).contains(scalar) ? scalar + 0x2000 : scalar, &out)
            case 10: raw(UInt32.random(in: 0x10000...0x10FFFF, using: &random), &out)
            default:
                out += Array(
                    random.pick(["\u{7F}", "\u{FFFF}", "\u{10FFFF}", "\u{2028}", #"\u0000"#, #"\u001f"#]).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    mutating func escape(_ unit: UInt32, _ out: inout [UInt8]) {
        var hex = String(unit, radix: 16, uppercase: random.chance(50))
        hex = String(repeating: "0", count: 4 - hex.count) + hex
        out += Array("\\u\(hex)".utf8)
    }

    func raw(_ scalar: UInt32, _ out: inout [UInt8]) {
        out += Array(String(Unicode.Scalar(scalar)!).utf8)
    }

    mutating func number() -> String {
        let sign = random.chance(30) ? "-" : ""
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            return "\(Int.random(in: -1000...1000, using: &random))"
        case 1:
            return "\(Int64.random(in: .min ... .max, using: &random))"
        case 2:
            return sign + digits(Int.random(in: 19...30, using: &random))
        case 3:
            let exponent =
                random.pick(["e", "E"]) + random.pick(["", "+", "-"])
                + "\(Int.random(in: 0...400, using: &random))"
            return sign + digits(Int.random(in: 1...20, using: &random))
                + (random.chance(70) ? "." + fraction(Int.random(in: 1...20, using: &random)) : "")
                + (random.chance(70) ? exponent : "")
        case 4:
            let value = Double(bitPattern: UInt64.random(in: 0 ... .max, using: &random))
            return value.isFinite ? "\(value)" : "1.5"
        case 5:
            return sign
                + random.pick([
                    "4.9e-324", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
                    "2.2250738585072011e-308",
                    "2.2250738585072014e-308", "1.7976931348623157e308", "1.7976931348623159e308", "1e400", "1e-400",
                    "9007199254740993", "0.1", "0", "0.0", "0e0", "1E+2", "123456789012345678901234567890e-20",
                    "9223372036854775807", "9223372036854775808", "1e22", "1e23", "8.98846567431158e307",
                ])
        case 6:
            // Seventeen significant digits around the whole exponent range: mostly the slow path.
            return sign
                + "\(Int.random(in: 1...9, using: &random)).\(fraction(16))e\(Int.random(in: -330...310, using: &random))"
        default:
            return sign + "0." + String(repeating: "0", count: Int.random(in: 0...30, using: &random))
                + digits(Int.random(in: 1...17, using: &random))
        }
    }

    /// `count` digits without a leading zero.
    mutating func digits(_ count: Int) -> String {
        "\(Int.random(in: 1...9, using: &random))" + fraction(count - 1)
    }

    mutating func fraction(_ count: Int) -> String {
        String((0..<count).map { _ in Character("\(Int.random(in: 0...9, using: &random))") })
    }
}
