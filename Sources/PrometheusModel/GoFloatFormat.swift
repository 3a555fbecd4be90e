internal import Foundation

/// Go's `fmt` and `strconv` float formats, wherever output must match a Go program byte for byte
/// (PromQL label values, alert templates, the HTTP API). Shortest forms (`%v`, `%g` without
/// precision) come from Swift's shortest round-trip digits laid out by Go's rules; fixed precisions
/// go through the C library, whose exact round-half-even conversion gives the same digits as Go's.
public enum GoFloatFormat {
    /// `%v` of a float64: shortest digits, in exponent form below 1e-4 and from 1e6 on (`1e+06`).
    public static func shortest(_ value: Double) -> String {
        if let special = special(value) { return special }
        let (digits, point) = shortestDigits(value.magnitude)
        let sign = value.sign == .minus ? "-" : ""
        let exponent = point - 1
        if exponent < -4 || exponent >= 6 {
            return sign + exponential(digits, exponent: exponent)
        }
        return sign + positional(digits, point: point)
    }

    /// `%.Ng`, `%.Nf`, `%.Ne` (`verb` is `g`, `f` or `e`); a nil precision means Go's default for the verb.
    public static func format(_ value: Double, verb: Character, precision: Int?) -> String {
        if let special = special(value) { return special }
        if verb == "g" && precision == nil { return shortest(value) }
        let spec = "%.\(precision ?? 6)\(verb)"
        var buffer = [CChar](repeating: 0, count: 400)
        let count = withVaList([value]) { vsnprintf(&buffer, buffer.count, spec, $0) }
        return String(decoding: buffer[0..<Int(min(count, Int32(buffer.count - 1)))].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `strconv.FormatFloat(value, 'e', -1, 64)`: shortest digits, always in exponent form (`1e+00`).
    public static func shortestExponential(_ value: Double) -> String {
        if let special = special(value) { return special }
        let (digits, point) = shortestDigits(value.magnitude)
        return (value.sign == .minus ? "-" : "") + exponential(digits, exponent: point - 1)
    }

    /// `strconv.FormatFloat(value, 'f', -1, 64)`: shortest digits, never in exponent form.
    public static func shortestPositional(_ value: Double) -> String {
        if let special = special(value) { return special }
        let (digits, point) = shortestDigits(value.magnitude)
        return (value.sign == .minus ? "-" : "") + positional(digits, point: point)
    }

    private static func special(_ value: Double) -> String? {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        return nil
    }

    /// The shortest decimal digits of a finite non-negative value and Go's decimal point position
    /// (`value = 0.d₁d₂… × 10^point`); zero is one digit `0` with point 1.
    private static func shortestDigits(_ magnitude: Double) -> ([UInt8], Int) {
        if magnitude == 0 { return ([UInt8(ascii: "0")], 1) }
        let text = Array(magnitude.description.utf8)
        let exponentIndex = text.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = text[..<(exponentIndex ?? text.count)]
        let exponent = exponentIndex.map { Int(String(decoding: text[($0 + 1)...], as: UTF8.self)) ?? 0 } ?? 0
        let dot = mantissa.firstIndex(of: UInt8(ascii: ".")) ?? mantissa.endIndex
        var digits = Array(mantissa[..<dot]) + Array(mantissa[dot...].dropFirst())
        var point = dot - mantissa.startIndex + exponent
        while digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, point)
    }

    private static func exponential(_ digits: [UInt8], exponent: Int) -> String {
        var out = String(decoding: digits[0..<1], as: UTF8.self)
        if digits.count > 1 { out += "." + String(decoding: digits[1...], as: UTF8.self) }
        let magnitude = exponent.magnitude
        return out + (exponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + String(magnitude)
    }

    private static func positional(_ digits: [UInt8], point: Int) -> String {
        let decimals = max(digits.count - point, 0)
        var out = ""
        if point <= 0 {
            out = "0"
        } else {
            for index in 0..<point { out.append(index < digits.count ? Character(UnicodeScalar(digits[index])) : "0") }
        }
        if decimals > 0 {
            out += "."
            for index in point..<(point + decimals) {
                out.append(index >= 0 && index < digits.count ? Character(UnicodeScalar(digits[index])) : "0")
            }
        }
        return out
    }
}
